import { useTranslation } from 'react-i18next';
import type { InvitationView } from '../../shared/schemas/invitations';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useDateFormat } from '../ui/useDateFormat';
import { CardTable } from '../ui/CardTable';

/** Invitations of a group (and of its rooms), newest first; pending ones can be revoked. */
export function InvitationTable({ invitations, onChanged }: { invitations: InvitationView[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const { run, busy, error } = useAction();

  const revoke = (invitation: InvitationView) =>
    void run(async () => {
      await api('DELETE /api/invitations/:id', { params: { id: invitation.id } });
      onChanged();
    });

  if (invitations.length === 0) return <p className="muted">{t('invitations.none')}</p>;
  return (
    <>
      <ErrorAlert error={error} />
      <CardTable>
        <table aria-label={t('invitations.title')}>
          <thead>
            <tr>
              <th scope="col">{t('invitations.email')}</th>
              <th scope="col">{t('invitations.role')}</th>
              <th scope="col">{t('invitations.invitedBy')}</th>
              <th scope="col">{t('invitations.expires')}</th>
              <th scope="col">{t('invitations.status')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((invitation) => (
              <tr key={invitation.id}>
                <th scope="row">
                  <bdi>{invitation.email}</bdi>
                </th>
                <td>
                  {t(`roles.${invitation.role}`)}
                  {invitation.room && (
                    <>
                      {' · '}
                      <bdi dir="auto">{invitation.room.title}</bdi>
                    </>
                  )}
                </td>
                <td>
                  <bdi>{invitation.invitedBy}</bdi>
                </td>
                <td>{formatDate(invitation.expiresAt)}</td>
                <td>
                  <span className={`badge badge-${invitation.status}`}>
                    {t(`invitations.statuses.${invitation.status}`)}
                  </span>
                </td>
                <td>
                  {invitation.status === 'pending' && (
                    <button
                      type="button"
                      className="button-danger-quiet"
                      disabled={busy}
                      aria-label={t('invitations.revokeFor', { email: invitation.email })}
                      onClick={() => revoke(invitation)}
                    >
                      {t('invitations.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardTable>
    </>
  );
}
