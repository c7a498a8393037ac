/**
 * Languages the interface is translated into (one resource file each in shared/i18n/locales).
 * `bs` is written in Latin script for Bosnian, Croatian and Montenegrin readers; `sr-Cyrl`
 * serves Serbian in Cyrillic.
 */
export const UI_LANGUAGES = ['en', 'ar', 'fr', 'sq', 'bs', 'sr-Cyrl', 'mk', 'sw'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** Each interface language named in itself, so anyone can find their own. */
export const ENDONYMS: Record<UiLanguage, string> = {
  en: 'English',
  ar: 'العربية',
  fr: 'Français',
  sq: 'Shqip',
  bs: 'Bosanski / Hrvatski / Crnogorski',
  'sr-Cyrl': 'Српски (ћирилица)',
  mk: 'Македонски',
  sw: 'Kiswahili',
};

/** Languages a roundtable can be held in (BCMS written in Latin or Cyrillic). */
export const ROUNDTABLE_LANGUAGES = ['ar', 'en', 'fr', 'sq', 'bs', 'hr', 'sr', 'cnr', 'mk', 'sw'] as const;
export type RoundtableLanguage = (typeof ROUNDTABLE_LANGUAGES)[number];

const RTL = new Set<string>(['ar', 'fa', 'he', 'ur']);

/** Text direction of a language tag such as `ar` or `ar-MA`. */
export function directionOf(language: string): 'rtl' | 'ltr' {
  return RTL.has(language.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The interface language closest to a BCP 47 tag from a browser or an Accept-Language header:
 * Croatian, Montenegrin and Serbian in Latin script read `bs`; Serbian otherwise reads Cyrillic.
 */
export function matchUiLanguage(tag: string): UiLanguage | undefined {
  const [language = '', ...rest] = tag.toLowerCase().split('-');
  if (language === 'sr') return rest.includes('latn') ? 'bs' : 'sr-Cyrl';
  if (language === 'hr' || language === 'cnr' || language === 'sh') return 'bs';
  return UI_LANGUAGES.find((l) => l === language);
}
