import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it, vi } from 'vitest';
import {
  agoUnit,
  createFormatter,
  INTL_SERVICES,
  intlSpeaks,
  intlSupport,
  type Translate,
} from '../../shared/i18n/format';
import { UI_LANGUAGES } from '../../shared/languages';

const files = import.meta.glob<{ default: object }>('../../shared/i18n/locales/*.json', { eager: true });

/** A translate function over the real resource file, without i18next. */
function translator(lng: string): Translate {
  const tree = files[`../../shared/i18n/locales/${lng}.json`]!.default;
  return (key: string, values?: Record<string, unknown>) => {
    const text = key
      .split('.')
      .reduce<unknown>((node: unknown, part: string) => (node as Record<string, unknown>)[part], tree);
    if (typeof text !== 'string') throw new Error(`${lng}: no message ${key}`);
    return String(new IntlMessageFormat(text, lng).format(values));
  };
}

const OWN = { dates: false, relative: false, lists: false, names: false };
const spaces = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ');

// two instants that exercise a morning and an evening, a one- and a two-digit day and month
const INSTANTS = [Date.UTC(2026, 0, 5, 9, 7), Date.UTC(2026, 10, 28, 21, 45), Date.UTC(2027, 6, 1, 0, 30)];
const STYLES = [
  { dateStyle: 'medium' },
  { dateStyle: 'long' },
  { dateStyle: 'full' },
  { timeStyle: 'short' },
  { dateStyle: 'medium', timeStyle: 'short' },
  { dateStyle: 'long', timeStyle: 'short' },
  { dateStyle: 'full', timeStyle: 'short' },
] as const;

/** Where CLDR has a word our "ago" does not use ("the day before yesterday") or its data is wrong (ar: "خلال 3 أشهر" for the past). */
function cldrOnly(lng: string, unit: string, n: number): boolean {
  return (unit === 'day' && n === 2) || (lng === 'ar' && unit === 'month' && n >= 3 && n <= 10);
}

// Node's full ICU is the reference: our own messages must say what CLDR says, in every language
describe.each([...UI_LANGUAGES])('%s: our own calendar messages agree with full ICU', (lng) => {
  const t = translator(lng);
  const own = createFormatter(lng, t, OWN);

  it('Node has real data for it (the reference is not English in disguise)', () => {
    expect(intlSupport(lng, t)).toEqual({ dates: true, relative: true, lists: true, names: true });
  });

  it('dates and times in every style, in a given zone', () => {
    for (const at of INSTANTS)
      for (const style of STYLES)
        for (const timeZone of ['UTC', 'Europe/Skopje', 'America/New_York'])
          expect(spaces(own.date(at, { ...style, timeZone })), `${JSON.stringify(style)} ${timeZone}`).toBe(
            spaces(new Intl.DateTimeFormat(lng, { ...style, timeZone }).format(at)),
          );
  });

  it('how long ago, in every unit and plural form', () => {
    const rtf = new Intl.RelativeTimeFormat(lng, { numeric: 'auto', style: 'short' });
    const seconds = {
      second: 1,
      minute: 60,
      hour: 3600,
      day: 86400,
      week: 7 * 86400,
      month: 30.44 * 86400,
      year: 366 * 86400,
    };
    const now = Date.UTC(2026, 5, 1);
    for (const [unit, size] of Object.entries(seconds))
      for (const n of [0, 1, 2, 3, 5, 11, 21, 100]) {
        const at = now - n * size * 1000;
        const [u, amount] = agoUnit(-n * size);
        if (u !== unit || cldrOnly(lng, unit, -amount)) continue;
        expect(spaces(own.ago(at, now)), `${n} ${unit}`).toBe(spaces(rtf.format(amount, u)));
      }
  });

  it('the network’s countries', () => {
    const own = (files[`../../shared/i18n/locales/${lng}.json`]!.default as { countryNames: Record<string, string> })
      .countryNames;
    const regions = new Intl.DisplayNames(lng, { type: 'region' });
    for (const [code, name] of Object.entries(own)) expect(name, code).toBe(regions.of(code));
  });

  it('lists of one to four', () => {
    const lf = new Intl.ListFormat(lng, { type: 'conjunction' });
    for (const items of [['Ana'], ['Ana', 'Besa'], ['Ana', 'Besa', 'Ceca'], ['Ana', 'Besa', 'Ceca', 'Dino']])
      expect(own.list(items)).toBe(lf.format(items));
  });
});

describe('a runtime without the locale data', () => {
  it('still names the month in Macedonian and Albanian and says how long ago', () => {
    const mk = createFormatter('mk', translator('mk'), OWN);
    const sq = createFormatter('sq', translator('sq'), OWN);
    const at = Date.UTC(2026, 2, 15, 12, 0);
    expect(mk.date(at, { dateStyle: 'long', timeZone: 'UTC' })).toBe('15 март 2026 г.');
    expect(sq.date(at, { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' })).toBe(
      'e diel, 15 mars 2026 në 12:00 m.d.',
    );
    expect(mk.ago(at - 3 * 3600_000, at)).toBe('пред 3 часа');
    expect(sq.ago(at + 5000, at)).toBe('tani');
    expect(mk.zoneName(at, 'Europe/Skopje')).toBe('Europe/Skopje, GMT+1');
    expect(mk.list(['Ана', 'Беса', 'Цеца'])).toBe('Ана, Беса и Цеца');
    expect(mk.list(['арапски', 'англиски', 'албански'], 'unit')).toBe('арапски, англиски, албански');
  });

  it('a probe that finds English data under a Macedonian name rejects it', () => {
    // "en" answers English month names, which are not ours for Macedonian
    expect(intlSupport('en', translator('mk')).dates).toBe(false);
    expect(intlSupport('en', translator('mk')).relative).toBe(false);
    expect(intlSupport('en', translator('mk')).lists).toBe(false);
    expect(intlSupport('en', translator('mk')).names).toBe(false);
  });
});

describe('the start-up probe of Intl', () => {
  it('each service asked on its own (one start-up task each) answers as a whole probe, which then asks Intl nothing', () => {
    const t = translator('fr');
    // a tag no other test asks about, so nothing is cached yet
    const answers = INTL_SERVICES.map((service) => intlSpeaks('fr-CA', t, service));
    expect(answers).toEqual([true, true, true, true]);
    const made = [
      vi.spyOn(Intl, 'DateTimeFormat'),
      vi.spyOn(Intl, 'RelativeTimeFormat'),
      vi.spyOn(Intl, 'ListFormat'),
      vi.spyOn(Intl, 'DisplayNames'),
    ];
    try {
      expect(intlSupport('fr-CA', t)).toEqual({ dates: true, relative: true, lists: true, names: true });
      for (const spy of made) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of made) spy.mockRestore();
    }
  });
});
