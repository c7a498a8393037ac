import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useApiData } from '../ui/useApiData';
import { MemberCount } from './MemberCount';

/** The groups the signed-in person belongs to or staffs, on the home page. */
export function GroupList() {
  const { t } = useTranslation();
  const { data, error } = useApiData('GET /api/groups');

  return (
    <section className="group-list" aria-labelledby="groups-title">
      <h2 id="groups-title">{t('groups.yours')}</h2>
      <ErrorAlert error={error} />
      {!data && !error && <p className="muted">{t('app.loading')}</p>}
      {data?.groups.length === 0 && <p className="muted">{t('groups.none')}</p>}
      {data && data.groups.length > 0 && (
        <ul className="card-list">
          {data.groups.map((group) => (
            <li key={group.id}>
              <Link to={`/groups/${group.id}`} className="card-title">
                <bdi dir="auto">{group.name}</bdi>
              </Link>
              <p className="room-meta">
                {t(`groups.kinds.${group.kind}`)}
                {' · '}
                <MemberCount count={group.memberCount} cap={group.cap} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
