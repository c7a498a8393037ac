import { useTranslation } from 'react-i18next';
import { isUiLanguage, UI_LANGUAGES } from '../../shared/languages';
import { setLanguage } from '../app/i18n';

/** Each language is named in itself, so anyone can find their own. */
export const ENDONYMS: Record<(typeof UI_LANGUAGES)[number], string> = { en: 'English', ar: 'العربية' };

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switcher">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        aria-label={t('app.language')}
        value={i18n.resolvedLanguage}
        onChange={(e) => isUiLanguage(e.target.value) && setLanguage(e.target.value)}
      >
        {UI_LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {ENDONYMS[lng]}
          </option>
        ))}
      </select>
    </label>
  );
}
