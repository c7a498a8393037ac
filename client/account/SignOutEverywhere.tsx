import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';

/** Ends every session of this person, on every device (e.g. after using a shared computer). */
export function SignOutEverywhere() {
  const { t } = useTranslation();
  const { signOutEverywhere } = useSession();
  const { run, busy, error } = useAction();
  return (
    <section className="panel" aria-labelledby="everywhere-title">
      <h2 id="everywhere-title">{t('account.everywhere.title')}</h2>
      <p>{t('account.everywhere.intro')}</p>
      <ErrorAlert error={error} />
      <button type="button" className="button-quiet" disabled={busy} onClick={() => void run(signOutEverywhere)}>
        {t('account.everywhere.submit')}
      </button>
    </section>
  );
}
