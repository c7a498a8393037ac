import { useTranslation } from 'react-i18next';
import type { GroupView } from '../../shared/schemas/network';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useApiData } from '../ui/useApiData';
import { InvitationTable } from './InvitationTable';
import { InviteForm } from './InviteForm';

/** Inviting people into a group, and the invitations sent so far. */
export function GroupInvitations({ group, onChanged }: { group: GroupView; onChanged: () => void }) {
  const { t } = useTranslation();
  const { data, error, reload } = useApiData('GET /api/groups/:id/invitations', { params: { id: group.id } });
  return (
    <section className="panel" aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t('invitations.title')}</h2>
      <InviteForm
        target={{ groupId: group.id }}
        onCreated={() => {
          reload();
          onChanged();
        }}
      />
      <h3>{t('invitations.sent')}</h3>
      <ErrorAlert error={error} />
      {data && <InvitationTable invitations={data.invitations} onChanged={reload} />}
    </section>
  );
}
