import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CityView, PersonView } from '../../shared/schemas/network';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useApiData } from '../ui/useApiData';
import { CityName } from './CityName';
import { PeopleList } from './PeopleList';
import { usePageTitle } from '../app/usePageTitle';
import { usePlaceNames } from '../ui/usePlaceNames';

function matches(query: string, ...texts: string[]): boolean {
  return texts.some((text) => text.toLocaleLowerCase().includes(query));
}

/** The network by region and city, with the people the server lets this person see. */
export function DirectoryPage() {
  const { t } = useTranslation();
  usePageTitle(t('directory.title'));
  const names = usePlaceNames();
  const { data, error } = useApiData('GET /api/directory');
  const [filter, setFilter] = useState('');
  const query = filter.trim().toLocaleLowerCase();

  const peopleByCity = useMemo(() => {
    const map = new Map<string | null, PersonView[]>();
    for (const person of data?.people ?? []) map.set(person.cityId, [...(map.get(person.cityId) ?? []), person]);
    return map;
  }, [data]);

  if (error) return <ErrorAlert error={error} className="page-status error" />;
  if (!data) return <p className="page-status">{t('app.loading')}</p>;

  const visiblePeople = (city: CityView | null) =>
    (peopleByCity.get(city?.id ?? null) ?? []).filter(
      (p) =>
        !query || matches(query, p.name, p.title) || (city && matches(query, city.name, city.nameLatin, city.country)),
    );
  const unplaced = visiblePeople(null);

  return (
    <div className="page">
      <h1>{t('directory.title')}</h1>
      <p className="muted">{t('directory.intro')}</p>
      <label className="filter">
        {t('directory.filter')}
        <input type="search" dir="auto" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {data.hubs.map((hub) => {
        const cities = data.cities.filter((c) => c.hubId === hub.id);
        const shown = cities.filter(
          (c) => !query || visiblePeople(c).length > 0 || matches(query, c.name, c.nameLatin),
        );
        if (query && shown.length === 0) return null;
        return (
          <section key={hub.id} className="panel" aria-labelledby={`hub-${hub.id}`}>
            <h2 id={`hub-${hub.id}`}>
              <bdi>{names.region(hub.name)}</bdi>
            </h2>
            {shown.length === 0 && <p className="muted">{t('directory.noCities')}</p>}
            {shown.map((city) => (
              <section key={city.id} className="city" aria-labelledby={`city-${city.id}`}>
                <h3 id={`city-${city.id}`}>
                  <CityName city={city} />
                  <span className="muted city-country">
                    {' · '}
                    <bdi>{names.country(city.country)}</bdi>
                  </span>
                </h3>
                <PeopleList people={visiblePeople(city)} city={city} />
              </section>
            ))}
          </section>
        );
      })}
      {unplaced.length > 0 && (
        <section className="panel" aria-labelledby="hub-none">
          <h2 id="hub-none">{t('directory.noCity')}</h2>
          <PeopleList people={unplaced} city={null} />
        </section>
      )}
    </div>
  );
}
