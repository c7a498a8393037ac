import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiRequestError } from '../app/api';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';

/** Deletes one's own account after the password; messages stay as "former member" unless erasure is asked for. */
export function DeleteAccount() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { clear } = useSession();
  const { run, busy, error } = useAction();
  const [password, setPassword] = useState('');
  const [erase, setErase] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!window.confirm(t('account.delete.confirm'))) return;
    void run(async () => {
      await api('POST /api/me/delete', { body: { password, erase } });
      await clear();
      await navigate('/login', { replace: true });
    });
  };

  // the server answers a wrong password here with `forbidden`
  const wrongPassword = error instanceof ApiRequestError && error.error.code === 'forbidden';
  return (
    <section className="panel danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">{t('account.delete.title')}</h2>
      <p>{t('account.delete.intro')}</p>
      <form className="stack-form" onSubmit={submit}>
        <label>
          {t('account.delete.password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={erase} onChange={(e) => setErase(e.target.checked)} />
          {t('account.delete.erase')}
        </label>
        {wrongPassword ? (
          <p role="alert" className="error">
            {t('account.delete.wrongPassword')}
          </p>
        ) : (
          <ErrorAlert error={error} />
        )}
        <button type="submit" className="button-danger" disabled={busy || !password}>
          {t('account.delete.submit')}
        </button>
      </form>
    </section>
  );
}
