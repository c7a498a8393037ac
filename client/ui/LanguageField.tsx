import { useTranslation } from 'react-i18next';
import { ENDONYMS, isUiLanguage, UI_LANGUAGES, type UiLanguage } from '../../shared/languages';
import { SelectField } from './SelectField';

/** "Preferred language" in a form (or another `label`): each language named in itself. */
export function LanguageField({
  value,
  onChange,
  label,
}: {
  value: UiLanguage;
  onChange: (language: UiLanguage) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <SelectField
      label={label ?? t('profile.language')}
      value={value}
      onChange={(e) => isUiLanguage(e.target.value) && onChange(e.target.value)}
    >
      {UI_LANGUAGES.map((lng) => (
        <option key={lng} value={lng} lang={lng}>
          {ENDONYMS[lng]}
        </option>
      ))}
    </SelectField>
  );
}
