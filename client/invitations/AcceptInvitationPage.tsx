import { Trans, useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, ApiRequestError } from '../app/api';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useApiData } from '../ui/useApiData';
import { InvitationSummary } from './InvitationSummary';
import { NewAccountForm, type NewAccount } from './NewAccountForm';
import { usePageTitle } from '../app/usePageTitle';

/** Opening an invitation link: see what it is for, then join (creating an account if needed). */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('invite.title'));
  const location = useLocation();
  const navigate = useNavigate();
  const { me, adopt, signOut } = useSession();
  const { data, error } = useApiData('GET /api/invitations/:token', { params: { token } });
  const accept = useAction();

  const submit = (body: Partial<NewAccount>) =>
    void accept.run(async () => {
      const result = await api('POST /api/invitations/:token/accept', { params: { token }, body });
      // someone already signed in keeps the interface language this device uses
      adopt(result.user, !me);
      await navigate(result.roomId ? `/rooms/${result.roomId}` : result.groupId ? `/groups/${result.groupId}` : '/', {
        replace: true,
      });
    });

  if (error) {
    const invalid = error instanceof ApiRequestError && error.error.code === 'invitation_invalid';
    return (
      <div className="narrow-page">
        <h1>{t('invite.title')}</h1>
        {invalid ? (
          <p role="alert" className="error">
            {t('invite.invalid')}
          </p>
        ) : (
          <ErrorAlert error={error} />
        )}
        <Link to={me ? '/' : '/login'}>{me ? t('app.backToRooms') : t('auth.title')}</Link>
      </div>
    );
  }
  if (!data) return <p className="page-status">{t('app.loading')}</p>;
  const preview = data.invitation;
  const sameAccount = me && me.email.toLowerCase() === preview.email.toLowerCase();

  return (
    <div className="narrow-page">
      <h1>{t('invite.title')}</h1>
      <InvitationSummary preview={preview} />
      {me && sameAccount && (
        <>
          <ErrorAlert error={accept.error} />
          <button type="button" disabled={accept.busy} onClick={() => submit({})}>
            {accept.busy ? t('invite.joining') : t('invite.accept')}
          </button>
        </>
      )}
      {me && !sameAccount && (
        <div className="notice">
          <p>
            <Trans
              i18nKey="invite.otherAccount"
              values={{ email: preview.email, name: me.name }}
              components={{ email: <bdi />, name: <bdi /> }}
            />
          </p>
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      )}
      {!me && preview.accountExists && (
        <div className="notice">
          <p>
            <Trans i18nKey="invite.signInFirst" values={{ email: preview.email }} components={{ email: <bdi /> }} />
          </p>
          <Link to="/login" state={{ from: location.pathname }} className="button-link">
            {t('auth.submit')}
          </Link>
        </div>
      )}
      {!me && !preview.accountExists && (
        <NewAccountForm busy={accept.busy} error={accept.error} onSubmit={(account) => submit(account)} />
      )}
    </div>
  );
}
