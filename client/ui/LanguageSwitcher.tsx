import { useTranslation } from 'react-i18next';
import { ENDONYMS, isUiLanguage, UI_LANGUAGES, type UiLanguage } from '../../shared/languages';
import { setLanguage } from '../app/i18n';

/** The interface language picker; `onChosen` also runs after a choice (signed in: saved to the profile). */
export function LanguageSwitcher({ onChosen }: { onChosen?: (language: UiLanguage) => void } = {}) {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switcher">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        aria-label={t('app.language')}
        value={i18n.resolvedLanguage}
        onChange={(e) => {
          const language = e.target.value;
          if (!isUiLanguage(language)) return;
          setLanguage(language);
          onChosen?.(language);
        }}
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
