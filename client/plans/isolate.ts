/**
 * Wraps user text put into a translated sentence in Unicode first-strong isolates (FSI … PDI),
 * so a Latin name inside an Arabic sentence (or the reverse) keeps its own direction and the
 * words around it stay in order — what <bdi> does for markup, for plain strings.
 */
export const isolate = (text: string) => `\u2068${text}\u2069`;

/** A code-like value (a period `2026-H2`, a quarter) kept left-to-right inside any sentence. */
export const ltr = (text: string) => `\u2066${text}\u2069`;
