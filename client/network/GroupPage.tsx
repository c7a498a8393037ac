import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { GroupAudit } from '../audit/GroupAudit';
import { GroupInvitations } from '../invitations/GroupInvitations';
import { useErrorMessage } from '../ui/useErrorMessage';
import { ApiRequestError } from '../app/api';
import { useApiData } from '../ui/useApiData';
import { GroupRooms } from './GroupRooms';
import { MemberCount } from './MemberCount';
import { MemberTable } from './MemberTable';
import { NotFoundPage } from '../app/NotFoundPage';
import { usePageTitle } from '../app/usePageTitle';
import { usePlaceNames } from '../ui/usePlaceNames';

/** One group: who is in it with which role, its roundtables, and what its managers may do. */
export function GroupPage() {
  const { groupId = '' } = useParams();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { data, error, reload } = useApiData('GET /api/groups/:id', { params: { id: groupId } });
  usePageTitle(data?.group.name);
  const names = usePlaceNames();

  if (error) {
    const notFound =
      error instanceof ApiRequestError && ['not_found', 'bad_request', 'forbidden'].includes(error.error.code);
    if (notFound) return <NotFoundPage />;
    return (
      <div className="page-status">
        <p role="alert">{errorMessage(error)}</p>
        <Link to="/">{t('app.backToRooms')}</Link>
      </div>
    );
  }
  if (!data || data.group.id !== groupId) return <p className="page-status">{t('app.loading')}</p>;
  const { group } = data;
  const { hub } = group;

  return (
    <div className="page">
      <h1>
        <bdi>{group.name}</bdi>
      </h1>
      <p className="room-meta">
        {t(`groups.kinds.${group.kind}`)}
        {hub && (
          <>
            {' · '}
            {t('groups.region')}: <bdi>{names.region(hub.name)}</bdi>
          </>
        )}
        {' · '}
        <MemberCount count={group.memberCount} cap={group.cap} />
      </p>
      <p>
        <Link to={`/groups/${group.id}/plans`}>{t('plans.listTitle')}</Link>
        {group.abilities.scheduleRoundtable && (
          <>
            {' · '}
            <Link to={`/groups/${group.id}/roundtables/new`}>{t('roundtables.schedule.title')}</Link>
          </>
        )}
      </p>
      <MemberTable group={group} onChanged={reload} />
      <GroupRooms group={group} />
      {group.abilities.invite && <GroupInvitations group={group} onChanged={reload} />}
      {group.abilities.audit && <GroupAudit groupId={group.id} />}
    </div>
  );
}
