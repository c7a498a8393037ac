/**
 * Dates, times, relative times and lists in the reader's language — through `Intl` when the
 * runtime really has the locale's data, otherwise from our own `calendar.*` messages.
 *
 * Why: Debian's Chromium ships ICU without Albanian and Macedonian (`new
 * Intl.DateTimeFormat('mk').resolvedOptions().locale` is `en-US`) and with an empty Bosnian (it
 * answers `bs` but formats `2026 M03 15`). Node's full ICU has them all. Each kind of value is
 * checked once per language: `Intl` is used only when it agrees with our own month names, our
 * "yesterday", our list pattern; otherwise the messages in `shared/i18n/locales/<lng>.json`
 * (`calendar`) build the text. See docs/architecture.md#dates-times-and-lists.
 */

/** The translate function of i18next (client) or of `translatorFor` (server). */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

export type DateStyle = 'medium' | 'long' | 'full';

export interface DateOptions {
  dateStyle?: DateStyle;
  timeStyle?: 'short';
  /** IANA zone; the runtime's own when absent. */
  timeZone?: string;
}

export interface Formatter {
  /** What the runtime's `Intl` was found to know of this language. */
  support: IntlSupport;
  /** A date, a time, or both, in one of the `Intl` styles. */
  date(value: Date | string | number, options?: DateOptions): string;
  /** "3 min ago" for an instant in the past (the future reads as now). */
  ago(value: Date | string | number, now?: number): string;
  /** "A, B and C"; a `unit` list leaves out the "and" ("Arabic, English, French"). */
  list(items: readonly string[], type?: 'conjunction' | 'unit'): string;
  /** The name of a time zone at an instant ("Central European Standard Time", or "Europe/Skopje, GMT+1"). */
  zoneName(value: Date | string | number, timeZone: string): string;
}

/** Which of the runtime's `Intl` services speak a language, as we spell it. */
export interface IntlSupport {
  dates: boolean;
  relative: boolean;
  lists: boolean;
  /** `Intl.DisplayNames` (languages, countries). */
  names: boolean;
}

const SAMPLE_YEAR = 2026;

function split(t: Translate, key: string): string[] {
  return t(key).split('|');
}

const same = (a: string, b: string) =>
  a.normalize('NFC').toLocaleLowerCase() === b.normalize('NFC').toLocaleLowerCase();

function tryIntl<T>(make: () => T): T | null {
  try {
    return make();
  } catch {
    return null;
  }
}

/** One check per `Intl` service: does the runtime's data for `lng` agree with our own messages? */
const PROBES: Record<keyof IntlSupport, (lng: string, t: Translate) => boolean> = {
  dates(lng, t) {
    const month = new Intl.DateTimeFormat(lng, { month: 'long', timeZone: 'UTC' });
    const weekday = new Intl.DateTimeFormat(lng, { weekday: 'long', timeZone: 'UTC' });
    // 1 February 2026 is a Sunday
    return (
      split(t, 'calendar.months').every((name, i) => same(month.format(Date.UTC(SAMPLE_YEAR, i, 15)), name)) &&
      split(t, 'calendar.weekdays').every((name, i) => same(weekday.format(Date.UTC(SAMPLE_YEAR, 1, 1 + i)), name))
    );
  },
  relative: (lng, t) =>
    same(
      new Intl.RelativeTimeFormat(lng, { numeric: 'auto', style: 'short' }).format(-1, 'day'),
      t('calendar.ago.yesterday'),
    ),
  lists: (lng, t) =>
    same(new Intl.ListFormat(lng, { type: 'conjunction' }).format(['A', 'B', 'C']), ownList(t, ['A', 'B', 'C'])),
  names(lng, t) {
    const languages = new Intl.DisplayNames(lng, { type: 'language', fallback: 'none' });
    return ['ar', 'en', 'fr'].every((code) => same(languages.of(code) ?? '', t(`languageNames.${code}`)));
  },
};

export const INTL_SERVICES = Object.keys(PROBES) as (keyof IntlSupport)[];

const probed = new Map<string, boolean>();
const supportCache = new Map<string, IntlSupport>();

/**
 * Whether the runtime's `Intl` speaks `lng` for one service, asked once per language and set of
 * messages. The first use of a service loads its ICU data: on a slow phone each is a task of tens
 * of milliseconds, so the client asks each in a task of its own at start-up (see client/app/i18n.ts).
 */
export function intlSpeaks(lng: string, t: Translate, service: keyof IntlSupport): boolean {
  const key = `${service}\u0000${lng}\u0000${t('calendar.months')}`;
  let speaks = probed.get(key);
  if (speaks === undefined) {
    speaks = tryIntl(() => PROBES[service](lng, t)) ?? false;
    probed.set(key, speaks);
  }
  return speaks;
}

/** What the runtime's `Intl` speaks of `lng`: one object per language and set of messages. */
export function intlSupport(lng: string, t: Translate): IntlSupport {
  const cacheKey = `${lng}\u0000${t('calendar.months')}`;
  const cached = supportCache.get(cacheKey);
  if (cached) return cached;
  const speaks = (service: keyof IntlSupport) => intlSpeaks(lng, t, service);
  const support = {
    dates: speaks('dates'),
    relative: speaks('relative'),
    lists: speaks('lists'),
    names: speaks('names'),
  };
  supportCache.set(cacheKey, support);
  return support;
}

function ownList(t: Translate, items: readonly string[], type: 'conjunction' | 'unit' = 'conjunction'): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0]!;
  if (type === 'conjunction' && items.length === 2)
    return t('calendar.list.pair', { first: items[0], second: items[1] });
  let text = items[0]!;
  for (const item of items.slice(1, type === 'unit' ? undefined : -1))
    text = t('calendar.list.middle', { first: text, second: item });
  return type === 'unit' ? text : t('calendar.list.end', { first: text, second: items.at(-1) });
}

interface Parts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number; // 0–23
  minute: number;
  weekday: number; // 0 = Sunday
}

/** The wall-clock fields of an instant in a zone; digits and field order do not depend on locale data. */
function wallClock(date: Date, timeZone?: string): Parts {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  return {
    year,
    month,
    day,
    hour: get('hour') % 24,
    minute: get('minute'),
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

function ownDate(t: Translate, date: Date, options: DateOptions): string {
  const p = wallClock(date, options.timeZone);
  const periods = split(t, 'calendar.dayPeriods');
  const values = {
    year: String(p.year),
    month: split(t, 'calendar.months')[p.month - 1],
    monthShort: split(t, 'calendar.monthsShort')[p.month - 1],
    monthNumber: String(p.month),
    month2: pad(p.month),
    day: String(p.day),
    day2: pad(p.day),
    weekday: split(t, 'calendar.weekdays')[p.weekday],
    hour: String(p.hour),
    hour2: pad(p.hour),
    hour12: String(p.hour % 12 || 12),
    minute: pad(p.minute),
    dayPeriod: periods[p.hour < 12 ? 0 : 1] ?? '',
  };
  const dateText = options.dateStyle ? t(`calendar.date.${options.dateStyle}`, values) : '';
  const timeText = options.timeStyle ? t('calendar.time', values) : '';
  if (dateText && timeText)
    return t(`calendar.dateTime.${options.dateStyle ?? 'medium'}`, { date: dateText, time: timeText });
  return dateText || timeText;
}

const AGO_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** The unit and (negative) amount `Intl.RelativeTimeFormat` would be asked for. */
export function agoUnit(seconds: number): [Intl.RelativeTimeFormatUnit, number] {
  let value = Math.min(0, seconds);
  for (const [unit, size] of AGO_STEPS) {
    if (Math.abs(value) < size) return [unit, Math.round(value) || 0];
    value /= size;
  }
  return ['year', Math.round(value)];
}

const LAST: Partial<Record<Intl.RelativeTimeFormatUnit, string>> = {
  day: 'calendar.ago.yesterday',
  week: 'calendar.ago.lastWeek',
  month: 'calendar.ago.lastMonth',
  year: 'calendar.ago.lastYear',
};

function ownAgo(t: Translate, unit: Intl.RelativeTimeFormatUnit, amount: number): string {
  const count = Math.abs(amount);
  if (count === 0) return t('calendar.ago.now');
  const last = LAST[unit];
  if (count === 1 && last) return t(last);
  return t(`calendar.ago.${unit}`, { count });
}

function gmtOffset(date: Date, timeZone: string): string {
  return (
    tryIntl(
      () =>
        new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
          .formatToParts(date)
          .find((p) => p.type === 'timeZoneName')?.value,
    ) ?? ''
  );
}

/** The formatter for one language; `t` must translate into that language. `support` overrides the probe (tests). */
export function createFormatter(lng: string, t: Translate, support: IntlSupport = intlSupport(lng, t)): Formatter {
  const toDate = (value: Date | string | number) => (value instanceof Date ? value : new Date(value));
  const dateFormats = new Map<string, Intl.DateTimeFormat>();
  const rtf = support.relative ? new Intl.RelativeTimeFormat(lng, { numeric: 'auto', style: 'short' }) : null;
  const listFormats = support.lists
    ? {
        conjunction: new Intl.ListFormat(lng, { type: 'conjunction' }),
        unit: new Intl.ListFormat(lng, { type: 'unit', style: 'short' }),
      }
    : null;
  return {
    support,
    date(value, options = { dateStyle: 'medium', timeStyle: 'short' }) {
      const date = toDate(value);
      if (!support.dates) return ownDate(t, date, options);
      const key = `${options.dateStyle}|${options.timeStyle}|${options.timeZone}`;
      let format = dateFormats.get(key);
      if (!format) {
        format = new Intl.DateTimeFormat(lng, {
          dateStyle: options.dateStyle,
          timeStyle: options.timeStyle,
          ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        });
        dateFormats.set(key, format);
      }
      return format.format(date);
    },
    ago(value, now = Date.now()) {
      const [unit, amount] = agoUnit((toDate(value).getTime() - now) / 1000);
      return rtf ? rtf.format(amount, unit) : ownAgo(t, unit, amount);
    },
    list(items, type = 'conjunction') {
      return listFormats ? listFormats[type].format(items) : ownList(t, items, type);
    },
    zoneName(value, timeZone) {
      const date = toDate(value);
      if (support.dates) {
        const name = tryIntl(
          () =>
            new Intl.DateTimeFormat(lng, { timeZone, timeZoneName: 'long' })
              .formatToParts(date)
              .find((p) => p.type === 'timeZoneName')?.value,
        );
        if (name) return name;
      }
      const offset = gmtOffset(date, timeZone);
      return offset ? t('calendar.zone', { zone: timeZone, offset }) : timeZone;
    },
  };
}
