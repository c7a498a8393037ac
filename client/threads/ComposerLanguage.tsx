import { useTranslation } from 'react-i18next';
import { ENDONYMS, isUiLanguage, UI_LANGUAGES, type UiLanguage } from '../../shared/languages';
import { SelectField } from '../ui/SelectField';
import './translation.css';

/**
 * The language a message is written in: the author's choice, their interface language until
 * they pick another. Readers in another language are offered a translation of it.
 */
export function ComposerLanguage({ value, onChange }: { value: string; onChange: (language: UiLanguage) => void }) {
  const { t } = useTranslation();
  return (
    <div className="composer-language">
      <SelectField
        label={t('translation.writtenIn')}
        value={isUiLanguage(value) ? value : 'en'}
        onChange={(e) => isUiLanguage(e.target.value) && onChange(e.target.value)}
      >
        {UI_LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {ENDONYMS[lng]}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
