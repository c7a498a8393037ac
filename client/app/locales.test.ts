import { describe, expect, it } from 'vitest';
import ar from './locales/ar.json';
import en from './locales/en.json';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every key path, plural forms folded into their base key (Arabic has six, English two). */
function keys(tree: object, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key.replace(PLURAL, '')}`;
    if (value && typeof value === 'object') for (const k of keys(value as object, `${path}.`)) out.add(k);
    else out.add(path);
  }
  return out;
}

describe('interface translations', () => {
  it('Arabic has every string English has, and no strays', () => {
    expect([...keys(ar)].sort()).toEqual([...keys(en)].sort());
  });
  it('Arabic plurals have all six forms wherever English has a plural', () => {
    const forms = (tree: object, prefix = ''): string[] =>
      Object.entries(tree).flatMap(([k, v]) =>
        v && typeof v === 'object' ? forms(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    const arabic = new Set(forms(ar));
    const bases = new Set(
      forms(en)
        .filter((k) => PLURAL.test(k))
        .map((k) => k.replace(PLURAL, '')),
    );
    for (const base of bases) {
      for (const form of ['zero', 'one', 'two', 'few', 'many', 'other']) expect(arabic).toContain(`${base}_${form}`);
    }
  });
});
