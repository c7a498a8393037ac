import type { CityView } from '../../shared/schemas/network';

/** A city by its own-script name, and its Latin name when that differs: "Куманово (Kumanovo)". */
export function CityName({ city }: { city: Pick<CityView, 'name' | 'nameLatin'> }) {
  return (
    <>
      <bdi>{city.name}</bdi>
      {city.nameLatin !== city.name && (
        <>
          {' ('}
          <bdi>{city.nameLatin}</bdi>
          {')'}
        </>
      )}
    </>
  );
}
