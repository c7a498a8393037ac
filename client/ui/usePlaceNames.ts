import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { regionNames } from '../../shared/i18n/locales/en.json';
import { useFormat } from './useFormat';

let countryCodes: Map<string, string> | null = null;

/** Other English names admins type for the network's countries. */
const ALIASES: Record<string, string> = {
  palestine: 'PS',
  'state of palestine': 'PS',
  'ivory coast': 'CI',
  burma: 'MM',
  'east timor': 'TL',
  macedonia: 'MK',
  turkey: 'TR',
  'the gambia': 'GM',
};

/** "Bosnia and Herzegovina", "Bosnia & Herzegovina" and "bosnia  and herzegovina" are one country. */
function countryKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/&/g, ' and ')
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** English country name → ISO 3166 code, derived once from the browser's own region names. */
function countryCode(name: string): string | undefined {
  if (!countryCodes) {
    countryCodes = new Map(Object.entries(ALIASES));
    const english = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
    const A = 'A'.charCodeAt(0);
    for (let i = 0; i < 26; i++)
      for (let j = 0; j < 26; j++) {
        const code = String.fromCharCode(A + i, A + j);
        const known = english.of(code);
        if (known) countryCodes.set(countryKey(known), code);
      }
  }
  return countryCodes.get(countryKey(name));
}

const regionKeys = new Map(Object.entries(regionNames).map(([key, name]) => [name, key]));

/**
 * Names of languages, countries and the network's regions in the interface language. Data keeps
 * codes and English names; what cannot be translated is shown as stored.
 */
export function usePlaceNames() {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  const format = useFormat();
  return useMemo(() => {
    // a browser without the language's data names places in English: then our own names, or as stored
    const speaks = format.support.names;
    const languages = speaks ? new Intl.DisplayNames(lng, { type: 'language', fallback: 'none' }) : null;
    const regions = speaks ? new Intl.DisplayNames(lng, { type: 'region', fallback: 'none' }) : null;
    // our own names first (they name Montenegrin as such), the browser's for any other code
    const language = (code: string) =>
      t(`languageNames.${code}`, { defaultValue: '' }) || (languages?.of(code) ?? code);
    return {
      language,
      languageList: (codes: readonly string[]) => format.list(codes.map(language), 'unit'),
      /** Countries are stored by their English name; the network's countries are in our resources too. */
      country: (name: string) => {
        const code = countryCode(name);
        if (!code) return name;
        return regions?.of(code) ?? (t(`countryNames.${code}`, { defaultValue: '' }) || name);
      },
      /** A region keeps an admin's renamed name; the network's own regions are translated. */
      region: (name: string) => {
        const key = regionKeys.get(name);
        return key ? t(`regionNames.${key}`) : name;
      },
    };
  }, [t, lng, format]);
}
