import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import ICU from 'i18next-icu';
import { createFormatter, type Formatter, type Translate } from '../../shared/i18n/format.js';
import { isUiLanguage, UI_LANGUAGES, type UiLanguage } from '../../shared/languages.js';

const LOCALES = new URL('../../shared/i18n/locales/', import.meta.url);

/** The same resources the client loads, read once: emails and exports speak the reader's language. */
const instance = i18next.createInstance();
void instance.use(ICU).init({
  resources: Object.fromEntries(
    UI_LANGUAGES.map((lng) => [
      lng,
      { translation: JSON.parse(readFileSync(new URL(`${lng}.json`, LOCALES), 'utf8')) as Record<string, unknown> },
    ]),
  ),
  fallbackLng: 'en',
  supportedLngs: [...UI_LANGUAGES],
  initAsync: false,
  interpolation: { escapeValue: false }, // plain-text email, never HTML
  returnNull: false,
});

/** A translator for one person's language; anything unknown reads English. */
export function translatorFor(language: string | null | undefined): TFunction {
  const lng: UiLanguage = isUiLanguage(language) ? language : 'en';
  return instance.getFixedT(lng);
}

/** Dates, times and lists for one person's language (the same layer as the client's). */
export function formatterFor(language: string | null | undefined): Formatter {
  const lng: UiLanguage = isUiLanguage(language) ? language : 'en';
  return createFormatter(lng, translatorFor(lng) as Translate);
}
