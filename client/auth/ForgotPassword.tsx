import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';

/**
 * "Forgot your password?" on the sign-in page: a link by email when the server can send mail,
 * otherwise who can issue one (hub staff or an admin). The answer never says whether the address
 * has an account.
 */
export function ForgotPassword({ email: typed }: { email: string }) {
  const { t } = useTranslation();
  const [byEmail, setByEmail] = useState(false);
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { run, busy, error } = useAction();

  useEffect(() => {
    api('GET /api/auth/password-help')
      .then((help) => setByEmail(help.byEmail))
      .catch(() => undefined); // then the hint names who can help
  }, []);

  if (!byEmail) return <p className="hint">{t('auth.forgot')}</p>;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api('POST /api/password-resets', { body: { email } });
      setSentTo(email);
    });
  };

  if (!open)
    return (
      <button
        type="button"
        className="button-quiet"
        onClick={() => {
          setEmail(typed);
          setOpen(true);
        }}
      >
        {t('auth.forgotByEmail.open')}
      </button>
    );
  return (
    <form className="stack-form" onSubmit={submit} aria-labelledby="forgot-title" noValidate>
      <h2 id="forgot-title">{t('auth.forgotByEmail.title')}</h2>
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
      <ErrorAlert error={error} />
      {sentTo && (
        <p role="status" className="ok">
          {t('auth.forgotByEmail.sent', { email: sentTo })}
        </p>
      )}
      <button type="submit" disabled={busy || !email}>
        {t('auth.forgotByEmail.submit')}
      </button>
    </form>
  );
}
