import { useTranslation } from 'react-i18next';
import type { CityView, PersonView } from '../../shared/schemas/network';
import { CityName } from './CityName';
import { useTitleLabel } from './useTitleLabel';

/** People of one city in the directory: name, title and city. */
export function PeopleList({ people, city }: { people: PersonView[]; city: CityView | null }) {
  const { t } = useTranslation();
  const titleLabel = useTitleLabel();
  if (people.length === 0) return <p className="muted">{t('directory.noPeople')}</p>;
  return (
    <ul className="people">
      {people.map((person) => (
        <li key={person.id}>
          <bdi className="person-name">{person.name}</bdi>
          <span className="muted">
            {person.title && (
              <>
                {' · '}
                <bdi>{titleLabel(person.title)}</bdi>
              </>
            )}
            {city && (
              <>
                {' · '}
                <CityName city={city} />
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
