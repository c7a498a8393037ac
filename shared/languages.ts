/**
 * Languages the interface is translated into. Roundtables are held in more
 * languages (see `ROUNDTABLE_LANGUAGES`); the UI grows one locale file at a time.
 */
export const UI_LANGUAGES = ['en', 'ar'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

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
