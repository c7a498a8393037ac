import { useTranslation } from 'react-i18next';
import { isUiLanguage, type UiLanguage } from '../../shared/languages';
import { LanguageField } from '../ui/LanguageField';
import './translation.css';

/**
 * The language a message is written in: the author's choice, their interface language until
 * they pick another. Readers in another language are offered a translation of it.
 */
export function ComposerLanguage({ value, onChange }: { value: string; onChange: (language: UiLanguage) => void }) {
  const { t } = useTranslation();
  return (
    <div className="composer-language">
      <LanguageField
        label={t('translation.writtenIn')}
        value={isUiLanguage(value) ? value : 'en'}
        onChange={onChange}
      />
    </div>
  );
}
