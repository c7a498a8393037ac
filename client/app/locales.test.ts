import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { UI_LANGUAGES } from '../../shared/languages';
import en from '../../shared/i18n/locales/en.json';

const files = import.meta.glob<{ default: object }>('../../shared/i18n/locales/*.json', { eager: true });
const resources = Object.fromEntries(
  Object.entries(files).map(([path, mod]) => [path.replace(/^.*\/(.+)\.json$/, '$1'), mod.default]),
);

/** Every message as `key path → text`. */
function messages(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (value && typeof value === 'object')
      for (const [k, v] of messages(value as object, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, String(value));
  }
  return out;
}

interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}
const PLURAL = 6;

/** The plural arguments of a message and the categories each one spells out (`=0` style exact matches aside). */
function pluralCategories(ast: Element[]): string[][] {
  return ast.flatMap((el) => {
    const inner = [
      ...Object.values(el.options ?? {}).flatMap((o) => pluralCategories(o.value)),
      ...pluralCategories(el.children ?? []),
    ];
    if (el.type !== PLURAL) return inner;
    return [Object.keys(el.options ?? {}).filter((k) => !k.startsWith('=')), ...inner];
  });
}

export function checkLocale(lng: string, tree: object, reference: object = en): string[] {
  const problems: string[] = [];
  const mine = messages(tree);
  const theirs = messages(reference);
  for (const key of theirs.keys()) if (!mine.has(key)) problems.push(`${lng}: missing ${key}`);
  for (const key of mine.keys()) if (!theirs.has(key)) problems.push(`${lng}: extra ${key}`);
  const expected = [...new Intl.PluralRules(lng).resolvedOptions().pluralCategories].sort();
  for (const [key, text] of mine) {
    let ast: Element[];
    try {
      ast = new IntlMessageFormat(text, lng, undefined, { ignoreTag: true }).getAst() as Element[];
    } catch (error) {
      problems.push(`${lng}: ${key} does not parse (${(error as Error).message})`);
      continue;
    }
    for (const categories of pluralCategories(ast)) {
      const got = [...categories].sort();
      if (got.join() !== expected.join())
        problems.push(`${lng}: ${key} has ${got.join('/')}, needs ${expected.join('/')}`);
    }
  }
  return problems;
}

describe('interface translations', () => {
  it('every interface language has a resource file, and no file is for another language', () => {
    expect(Object.keys(resources).sort()).toEqual([...UI_LANGUAGES].sort());
  });

  it.each([...UI_LANGUAGES])(
    '%s has exactly the keys English has; each message parses with its plural forms',
    (lng) => {
      expect(checkLocale(lng, resources[lng]!)).toEqual([]);
    },
  );

  // WCAG 2.5.3 label in name: a button's spoken name contains the words it shows
  it.each([...UI_LANGUAGES])('%s: buttons named for a person or place still contain their visible words', (lng) => {
    const text = messages(resources[lng]!);
    const pairs = [
      ['admin.people.reset', 'admin.people.resetFor'],
      ['admin.erasure.erase', 'admin.erasure.eraseFor'],
      ['members.remove', 'members.removeNamed'],
      ['invitations.revoke', 'invitations.revokeFor'],
      ['admin.regions.rename', 'admin.regions.renameNamed'],
    ];
    const values = { name: 'N', email: 'e@x', title: 'T' };
    const format = (key: string) =>
      String(new IntlMessageFormat(text.get(key)!, lng, undefined, { ignoreTag: true }).format(values)).toLowerCase();
    for (const [shown, spoken] of pairs) expect(format(spoken!), `${spoken} ⊇ ${shown}`).toContain(format(shown!));
  });

  it('the check catches a missing key, a stray key, a broken message and wrong plural forms', () => {
    const broken = structuredClone(resources.ar!) as Record<string, Record<string, string>>;
    delete broken.app!.signOut;
    broken.app!.stray = 'x';
    broken.app!.signedInAs = 'مسجّل الدخول باسم {name';
    broken.groups!.memberCount = '{count, plural, one {# عضو} other {# عضو}}';
    expect(checkLocale('ar', broken)).toEqual([
      'ar: missing app.signOut',
      'ar: extra app.stray',
      expect.stringMatching(/^ar: app\.signedInAs does not parse/),
      'ar: groups.memberCount has one/other, needs few/many/one/other/two/zero',
    ]);
  });
});
