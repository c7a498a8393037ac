import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { INTL_SERVICES, intlSpeaks, type Translate } from '../../shared/i18n/format';
import { directionOf, isUiLanguage, matchUiLanguage, UI_LANGUAGES, type UiLanguage } from '../../shared/languages';
import { PSEUDO, pseudoLocalize } from './pseudo';

const STORAGE_KEY = 'roundtable.language';

/** One chunk per locale: the browser downloads only the language it shows. */
const locales = import.meta.glob<ResourceKey>('../../shared/i18n/locales/*.json', { import: 'default' });

function loadLocale(language: string): Promise<ResourceKey> {
  if (import.meta.env.DEV && language === PSEUDO) return loadLocale('en').then(pseudoLocalize);
  const load = locales[`../../shared/i18n/locales/${language}.json`];
  return load ? load() : Promise.reject(new Error(`no locale ${language}`));
}

const lazyLocales: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read: (language, _namespace, done) => {
    loadLocale(language).then(
      (resources) => done(null, resources),
      (error: unknown) => done(error as Error, false),
    );
  },
};

/** Sets `<html lang dir>` so the whole layout (built on logical properties) flips for Arabic. */
function applyDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

/** `?lng=pseudo` in development: accented, longer strings that expose hard-coded text and truncation. */
function pseudoRequested(): boolean {
  return import.meta.env.DEV && new URLSearchParams(location.search).get('lng') === PSEUDO;
}

function initialLanguage(): string {
  if (pseudoRequested()) return PSEUDO;
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isUiLanguage(stored)) return stored;
  for (const tag of navigator.languages) {
    const match = matchUiLanguage(tag);
    if (match) return match;
  }
  return 'en';
}

/** Resolves once the reader's language is loaded; render after it so no key flashes. */
export function initI18n(): Promise<unknown> {
  const ready = i18next
    .use(lazyLocales)
    .use(ICU)
    .use(initReactI18next)
    .init({
      lng: initialLanguage(),
      // only the reader's language is downloaded; the locale test keeps every file complete
      fallbackLng: false,
      load: 'currentOnly',
      supportedLngs: [...UI_LANGUAGES, ...(import.meta.env.DEV ? [PSEUDO] : [])],
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      react: { useSuspense: false },
    });
  i18next.on('languageChanged', applyDocumentLanguage);
  return ready.then(() => applyDocumentLanguage(i18next.language));
}

/**
 * Loads the `Intl` data of the reader's language, each part in a task of its own, to run before the
 * first render: numbers (intl-messageformat asks for them when it compiles a message), then dates,
 * relative times, lists and language names (the header's notifications format with them). The first
 * render used to load them all inside its own task, one of the longest of the start-up on a slow
 * phone. A runtime without them renders all the same.
 */
export const loadIntlData: (() => void)[] = [
  () => tryQuietly(() => new Intl.NumberFormat(i18next.language).format(0)),
  ...INTL_SERVICES.map(
    (service) => () => void intlSpeaks(i18next.resolvedLanguage ?? i18next.language, i18next.t as Translate, service),
  ),
];

function tryQuietly(run: () => unknown): void {
  try {
    run();
  } catch {
    // the first render meets the same, and copes
  }
}

/** Switches the interface language and remembers the choice on this device. */
export function setLanguage(language: UiLanguage, remember = true): void {
  if (remember) localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
}

/** The signed-in person's preferred language applies unless this device chose one. */
export function adoptPreferredLanguage(language: UiLanguage): void {
  if (pseudoRequested()) return;
  if (!isUiLanguage(localStorage.getItem(STORAGE_KEY))) setLanguage(language, false);
}

export function forgetLanguageChoice(): void {
  localStorage.removeItem(STORAGE_KEY);
}
