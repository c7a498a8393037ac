import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CityView, HubView } from '../../shared/schemas/network';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SelectField } from '../ui/SelectField';
import { useAction } from '../ui/useAction';
import { CardTable } from '../ui/CardTable';
import { usePlaceNames } from '../ui/usePlaceNames';

const EMPTY = { name: '', nameLatin: '', country: '', hubId: '' };

/** Member cities, each in a region, named in its own script and in Latin letters. */
export function CitiesAdmin({
  hubs,
  cities,
  onChanged,
}: {
  hubs: HubView[];
  cities: CityView[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const names = usePlaceNames();
  const { run, busy, error } = useAction();
  const [city, setCity] = useState(EMPTY);
  const hubName = (id: string) => names.region(hubs.find((h) => h.id === id)?.name ?? '');
  const field = (key: keyof typeof EMPTY) => ({
    value: city[key],
    onChange: (e: { target: { value: string } }) => setCity((c) => ({ ...c, [key]: e.target.value })),
  });

  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api('POST /api/cities', { body: city });
      setCity((c) => ({ ...EMPTY, hubId: c.hubId }));
      onChanged();
    });
  };

  return (
    <section className="panel" aria-labelledby="cities-title">
      <h2 id="cities-title">{t('admin.cities.title')}</h2>
      <CardTable>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.cities.name')}</th>
              <th scope="col">{t('admin.cities.nameLatin')}</th>
              <th scope="col">{t('admin.cities.country')}</th>
              <th scope="col">{t('admin.cities.region')}</th>
            </tr>
          </thead>
          <tbody>
            {cities.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <bdi>{c.name}</bdi>
                </th>
                <td>
                  <bdi>{c.nameLatin}</bdi>
                </td>
                <td>
                  <bdi>{names.country(c.country)}</bdi>
                </td>
                <td>
                  <bdi>{hubName(c.hubId)}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardTable>
      <form className="inline-form" onSubmit={add}>
        <h3 className="form-title">{t('admin.cities.add')}</h3>
        <label>
          {t('admin.cities.name')}
          <input type="text" dir="auto" required {...field('name')} />
        </label>
        <label>
          {t('admin.cities.nameLatin')}
          <input type="text" dir="ltr" required {...field('nameLatin')} />
        </label>
        <label>
          {t('admin.cities.country')}
          <input type="text" dir="auto" required {...field('country')} />
        </label>
        <SelectField label={t('admin.cities.region')} required {...field('hubId')}>
          <option value="">{t('common.choose')}</option>
          {hubs.map((hub) => (
            <option key={hub.id} value={hub.id}>
              {names.region(hub.name)}
            </option>
          ))}
        </SelectField>
        <button type="submit" disabled={busy}>
          {t('admin.cities.submit')}
        </button>
      </form>
      <ErrorAlert error={error} />
    </section>
  );
}
