import { useTranslation } from 'react-i18next';
import { ENDONYMS, isUiLanguage, UI_LANGUAGES } from '../../shared/languages';
import { setLanguage } from '../app/i18n';

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
