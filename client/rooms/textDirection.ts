// first strong character: Hebrew/Arabic blocks (and their presentation forms) vs Latin, Greek, Cyrillic …
const STRONG = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|[A-Za-z\u00C0-\u02AF\u0370-\u058F\u1E00-\u1FFF]/;
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/** The direction of a node's first strongly directional character, as `dir="auto"` would find it. */
export function textDirection(text: string): 'rtl' | 'ltr' | null {
  const first = STRONG.exec(text)?.[0];
  return first ? (RTL.test(first) ? 'rtl' : 'ltr') : null;
}
