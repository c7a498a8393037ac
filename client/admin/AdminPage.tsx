import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useApiData } from '../ui/useApiData';
import { CitiesAdmin } from './CitiesAdmin';
import { ErasureAdmin } from './ErasureAdmin';
import { GroupsAdmin } from './GroupsAdmin';
import { PeopleAdmin } from './PeopleAdmin';
import { RegionsAdmin } from './RegionsAdmin';
import { NotFoundPage } from '../app/NotFoundPage';
import { usePageTitle } from '../app/usePageTitle';

/** The admin's tools: regions, cities, groups, accounts and erasure requests. The server enforces who may. */
export function AdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.title'));
  const { me } = useSession();
  const { data, error, reload } = useApiData(me?.isAdmin ? 'GET /api/directory' : null);

  if (!me?.isAdmin) return <NotFoundPage />;
  if (error) return <ErrorAlert error={error} className="page-status error" />;
  if (!data) return <p className="page-status">{t('app.loading')}</p>;
  return (
    <div className="page page-wide">
      <h1>{t('admin.title')}</h1>
      <RegionsAdmin hubs={data.hubs} onChanged={reload} />
      <CitiesAdmin hubs={data.hubs} cities={data.cities} onChanged={reload} />
      <GroupsAdmin hubs={data.hubs} />
      <PeopleAdmin cities={data.cities} />
      <ErasureAdmin />
    </div>
  );
}
