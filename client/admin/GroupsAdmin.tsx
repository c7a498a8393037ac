import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { HubView } from '../../shared/schemas/network';
import { MemberCount } from '../network/MemberCount';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useApiData } from '../ui/useApiData';
import { CapForm } from './CapForm';
import { NewGroupForm } from './NewGroupForm';
import { CardTable } from '../ui/CardTable';
import { usePlaceNames } from '../ui/usePlaceNames';

/** Every group: its kind, region and size; create one, change a cap. */
export function GroupsAdmin({ hubs }: { hubs: HubView[] }) {
  const { t } = useTranslation();
  const names = usePlaceNames();
  const { data, error, reload } = useApiData('GET /api/groups');
  const hubName = (id: string | null) => {
    const stored = hubs.find((h) => h.id === id)?.name;
    return stored && names.region(stored);
  };

  return (
    <section className="panel" aria-labelledby="admin-groups-title">
      <h2 id="admin-groups-title">{t('admin.groups.title')}</h2>
      <ErrorAlert error={error} />
      {data && (
        <CardTable>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.groups.name')}</th>
                <th scope="col">{t('admin.groups.kind')}</th>
                <th scope="col">{t('admin.groups.region')}</th>
                <th scope="col">{t('admin.groups.members')}</th>
                <th scope="col">{t('admin.groups.cap')}</th>
              </tr>
            </thead>
            <tbody>
              {data.groups.map((group) => (
                <tr key={group.id}>
                  <th scope="row">
                    <Link to={`/groups/${group.id}`}>
                      <bdi dir="auto">{group.name}</bdi>
                    </Link>
                  </th>
                  <td>{t(`groups.kinds.${group.kind}`)}</td>
                  <td>{hubName(group.hubId) ? <bdi>{hubName(group.hubId)}</bdi> : <span className="muted">—</span>}</td>
                  <td>
                    <MemberCount count={group.memberCount} cap={group.cap} />
                  </td>
                  <td>
                    <CapForm group={group} onChanged={reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardTable>
      )}
      <NewGroupForm hubs={hubs} onCreated={reload} />
    </section>
  );
}
