import type { ResourceKey } from 'i18next';

/** The development-only pseudo-locale (`?lng=pseudo`). */
export const PSEUDO = 'pseudo';

const ACCENTS: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ö',
  u: 'ü',
  c: 'ç',
  n: 'ñ',
  s: 'š',
  z: 'ž',
  y: 'ý',
  A: 'Å',
  E: 'É',
  I: 'Î',
  O: 'Ö',
  U: 'Ü',
  C: 'Ç',
  N: 'Ñ',
  S: 'Š',
  Z: 'Ž',
  Y: 'Ý',
};
const PLURAL_OR_SELECT = new Set(['plural', 'select', 'selectordinal']);

/** Accents the literal text of an ICU message, leaving arguments, selectors, `#` and tags intact. */
function accent(message: string): string {
  let i = 0;
  const text = (): string => {
    let out = '';
    while (i < message.length && message[i] !== '}') {
      const c = message[i]!;
      if (c === '{') {
        i++;
        out += `{${argument()}}`;
        i++;
      } else if (c === '<') {
        const end = message.indexOf('>', i);
        out += message.slice(i, end + 1);
        i = end + 1;
      } else {
        out += ACCENTS[c] ?? c;
        i++;
      }
    }
    return out;
  };
  const upTo = (stops: string): string => {
    const start = i;
    while (i < message.length && !stops.includes(message[i]!)) i++;
    return message.slice(start, i);
  };
  const argument = (): string => {
    let out = upTo(',}');
    if (message[i] !== ',') return out;
    i++;
    const type = upTo(',}');
    out += `,${type}`;
    if (message[i] !== ',') return out;
    i++;
    out += ',';
    if (!PLURAL_OR_SELECT.has(type.trim())) return out + upTo('}');
    while (i < message.length && message[i] !== '}') {
      out += upTo('{}');
      if (message[i] !== '{') break;
      i++;
      out += `{${text()}}`;
      i++;
    }
    return out;
  };
  return text();
}

/** Every message accented and about 35% longer, in brackets, so clipped or untranslated text shows. */
export function pseudoLocalize(resources: ResourceKey): ResourceKey {
  if (typeof resources === 'string') {
    const padding = '·'.repeat(Math.ceil(resources.length * 0.35));
    return `[${accent(resources)} ${padding}]`;
  }
  if (resources && typeof resources === 'object')
    return Object.fromEntries(Object.entries(resources).map(([k, v]) => [k, pseudoLocalize(v as ResourceKey)]));
  return resources;
}
