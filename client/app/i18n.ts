import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { directionOf, isUiLanguage, UI_LANGUAGES, type UiLanguage } from '../../shared/languages';
import ar from '../../shared/i18n/locales/ar.json';
import en from '../../shared/i18n/locales/en.json';

const STORAGE_KEY = 'roundtable.language';

/** Sets `<html lang dir>` so the whole layout (built on logical properties) flips for Arabic. */
function applyDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

function initialLanguage(): UiLanguage {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isUiLanguage(stored)) return stored;
  const fromBrowser = navigator.languages.map((l) => l.split('-')[0]).find(isUiLanguage);
  return fromBrowser ?? 'en';
}

export function initI18n(): void {
  void i18next
    .use(ICU)
    .use(initReactI18next)
    .init({
      resources: { en: { translation: en }, ar: { translation: ar } },
      lng: initialLanguage(),
      fallbackLng: 'en',
      supportedLngs: [...UI_LANGUAGES],
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
    });
  applyDocumentLanguage(i18next.language);
  i18next.on('languageChanged', applyDocumentLanguage);
}

/** Switches the interface language and remembers the choice on this device. */
export function setLanguage(language: UiLanguage, remember = true): void {
  if (remember) localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
}

/** The signed-in person's preferred language applies unless this device chose one. */
export function adoptPreferredLanguage(language: UiLanguage): void {
  if (!isUiLanguage(localStorage.getItem(STORAGE_KEY))) setLanguage(language, false);
}

export function forgetLanguageChoice(): void {
  localStorage.removeItem(STORAGE_KEY);
}
