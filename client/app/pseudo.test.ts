import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import en from '../../shared/i18n/locales/en.json';
import { pseudoLocalize } from './pseudo';

function leaves(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object'
      ? leaves(v as object, `${prefix}${k}.`)
      : [[`${prefix}${k}`, String(v)] as [string, string]],
  );
}

describe('pseudo-locale', () => {
  const pseudo = new Map(leaves(pseudoLocalize(en) as object));

  it('accents the words, keeps arguments and plural forms working, and runs about 35% longer', () => {
    const message = pseudo.get('groups.memberCountOfCap')!;
    const format = (count: number) =>
      new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).format({ count, members: 3 });
    expect(format(1)).toContain('3 öf 1 mémbér');
    expect(format(5)).toContain('3 öf 5 mémbérš');
    expect(pseudo.get('invitations.alreadyInvited')).toContain('<email>{email}</email>');
    for (const [key, text] of leaves(en)) {
      expect(pseudo.get(key)!.length, key).toBeGreaterThanOrEqual(Math.floor(text.length * 1.35));
      expect(() => new IntlMessageFormat(pseudo.get(key)!, 'en', undefined, { ignoreTag: true }), key).not.toThrow();
    }
  });
});
