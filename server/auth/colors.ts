/** Caret colours with enough contrast on white for text labels. */
const PALETTE = ['#0f766e', '#c2410c', '#1d4ed8', '#be185d', '#7c3aed', '#15803d', '#b45309', '#0e7490'];

/** A stable colour for a person, so others learn to recognise their caret. */
export function colorFor(seed: string): string {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
