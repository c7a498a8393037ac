import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api';
import { longEnough, NewPasswordField } from '../auth/NewPasswordField';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';

/** Changing one's own password, proven with the current one. */
export function ChangePassword() {
  const { t } = useTranslation();
  const { run, busy, error } = useAction();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    void run(async () => {
      await api('POST /api/me/password', { body: { current, password } });
      setCurrent('');
      setPassword('');
      setDone(true);
    });
  };

  return (
    <section className="panel" aria-labelledby="change-password-title">
      <h2 id="change-password-title">{t('password.change.title')}</h2>
      <form className="stack-form" onSubmit={submit}>
        <label>
          {t('password.change.current')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <NewPasswordField label={t('password.new')} value={password} onChange={setPassword} />
        <ErrorAlert error={error} />
        {done && (
          <p role="status" className="ok">
            {t('password.change.done')}
          </p>
        )}
        <button type="submit" disabled={busy || !current || !longEnough(password)}>
          {t('password.change.submit')}
        </button>
      </form>
    </section>
  );
}
