import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../app/api';
import { useSession } from '../app/session';
import { LanguageSwitcher } from '../ui/LanguageSwitcher';
import { usePageTitle } from '../app/usePageTitle';
import { ForgotPassword } from './ForgotPassword';

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.title'));
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (e) {
      const code = e instanceof ApiRequestError ? e.error.code : 'generic';
      const wait = e instanceof ApiRequestError ? e.retryAfter : null;
      setError(
        code === 'rate_limited' && wait
          ? t('auth.errors.lockedFor', { count: Math.ceil(wait / 60) })
          : t(`auth.errors.${code}`, { defaultValue: t('auth.errors.generic') }),
      );
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <div className="login-card">
        <div className="login-top">
          <h1>{t('app.name')}</h1>
          <LanguageSwitcher />
        </div>
        <p className="tagline">{t('app.tagline')}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <h2>{t('auth.title')}</h2>
          <label>
            {t('auth.email')}
            <input
              type="email"
              autoComplete="username"
              dir="ltr"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label>
            {t('auth.password')}
            <input
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
        <ForgotPassword email={email} />
      </div>
    </main>
  );
}
