import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isUiLanguage, type UiLanguage } from '../../shared/languages';
import { setLanguage } from '../app/i18n';
import { longEnough, NewPasswordField } from '../auth/NewPasswordField';
import { ErrorAlert } from '../ui/ErrorAlert';
import { LanguageField } from '../ui/LanguageField';

export interface NewAccount {
  name: string;
  password: string;
  language: UiLanguage;
}

interface Props {
  busy: boolean;
  error: unknown;
  onSubmit(account: NewAccount): void;
}

/** Name, password and language of a person joining through an invitation. */
export function NewAccountForm({ busy, error, onSubmit }: Props) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const language: UiLanguage = isUiLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name: name.trim(), password, language });
  };

  return (
    <form className="stack-form" onSubmit={submit}>
      <h2>{t('invite.createAccount')}</h2>
      <label>
        {t('invite.name')}
        <input
          type="text"
          dir="auto"
          autoComplete="name"
          required
          maxLength={120}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <NewPasswordField label={t('password.new')} value={password} onChange={setPassword} />
      <LanguageField value={language} onChange={setLanguage} />
      <ErrorAlert error={error} />
      <button type="submit" disabled={busy || !name.trim() || !longEnough(password)}>
        {busy ? t('invite.joining') : t('invite.createAndJoin')}
      </button>
    </form>
  );
}
