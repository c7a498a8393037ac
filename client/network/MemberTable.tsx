import { useTranslation } from 'react-i18next';
import { MEMBERSHIP_ROLES, type GroupView, type MemberView, type MembershipRole } from '../../shared/schemas/network';
import { api } from '../app/api';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useTitleLabel } from './useTitleLabel';
import { CardTable } from '../ui/CardTable';

/** The group's members with their roles; managers change roles and remove members here. */
export function MemberTable({ group, onChanged }: { group: GroupView; onChanged: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const titleLabel = useTitleLabel();
  const { run, busy, error } = useAction();
  const manage = group.abilities.manage;

  const changeRole = (member: MemberView, role: MembershipRole) =>
    void run(async () => {
      await api('PATCH /api/groups/:id/members/:userId', {
        params: { id: group.id, userId: member.id },
        body: { role },
      });
      onChanged();
    });
  const remove = (member: MemberView) => {
    if (!window.confirm(t('members.confirmRemove', { name: member.name, group: group.name }))) return;
    void run(async () => {
      await api('DELETE /api/groups/:id/members/:userId', { params: { id: group.id, userId: member.id } });
      onChanged();
    });
  };

  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">{t('members.title')}</h2>
      <ErrorAlert error={error} />
      {group.members.length === 0 ? (
        <p className="muted">{t('members.empty')}</p>
      ) : (
        <CardTable>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                <th scope="col">{t('members.personTitle')}</th>
                <th scope="col">{t('members.role')}</th>
                {manage && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {group.members.map((member) => (
                <tr key={member.id}>
                  <th scope="row">
                    <bdi>{member.name}</bdi>
                    {member.id === me?.id && <span className="muted"> ({t('room.you')})</span>}
                  </th>
                  <td>{member.title && <bdi>{titleLabel(member.title)}</bdi>}</td>
                  <td>
                    {manage ? (
                      <select
                        aria-label={t('members.roleOf', { name: member.name })}
                        value={member.role}
                        disabled={busy}
                        onChange={(e) => {
                          const role = MEMBERSHIP_ROLES.find((r) => r === e.target.value);
                          if (role) changeRole(member, role);
                        }}
                      >
                        {MEMBERSHIP_ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`roles.${role}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className={`role role-${member.role}`}>{t(`roles.${member.role}`)}</span>
                    )}
                  </td>
                  {manage && (
                    <td>
                      <button
                        type="button"
                        className="button-danger-quiet"
                        disabled={busy}
                        aria-label={t('members.removeNamed', { name: member.name })}
                        onClick={() => remove(member)}
                      >
                        {t('members.remove')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </CardTable>
      )}
    </section>
  );
}
