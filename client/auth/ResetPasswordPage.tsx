import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiRequestError } from '../app/api';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { longEnough, NewPasswordField } from './NewPasswordField';
import { usePageTitle } from '../app/usePageTitle';

/** Choosing a new password from an admin-issued one-time link. */
export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('reset.title'));
  const { me, clear } = useSession();
  const { run, busy, error } = useAction();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const mismatch = repeat.length > 0 && repeat !== password;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    void run(async () => {
      await api('POST /api/password-resets/:token', { params: { token }, body: { password } });
      setDone(true);
      // a reset ends every session of that person: if it was this one, forget it here too
      if (me) await api('GET /api/me').catch(() => clear());
    });
  };

  const invalid = error instanceof ApiRequestError && error.error.code === 'invitation_invalid';
  return (
    <div className="narrow-page">
      <h1>{t('reset.title')}</h1>
      {done ? (
        <>
          <p role="status">{t('reset.done')}</p>
          <Link to="/login">{t('reset.signIn')}</Link>
        </>
      ) : (
        <form className="stack-form" onSubmit={submit}>
          <p>{t('reset.intro')}</p>
          <NewPasswordField label={t('password.new')} value={password} onChange={setPassword} />
          <NewPasswordField label={t('password.repeat')} value={repeat} onChange={setRepeat} hint={false} />
          {mismatch && <p className="error">{t('password.mismatch')}</p>}
          {invalid ? (
            <p role="alert" className="error">
              {t('reset.invalid')}
            </p>
          ) : (
            <ErrorAlert error={error} />
          )}
          <button type="submit" disabled={busy || !longEnough(password) || repeat !== password}>
            {t('reset.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
