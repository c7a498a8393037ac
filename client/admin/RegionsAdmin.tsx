import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubView } from '../../shared/schemas/network';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { usePlaceNames } from '../ui/usePlaceNames';

/** Regions (hubs): list, add, rename. The network's own regions read in the interface language, with the stored name beside. */
export function RegionsAdmin({ hubs, onChanged }: { hubs: HubView[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const names = usePlaceNames();
  const { run, busy, error } = useAction();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);

  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api('POST /api/hubs', { body: { name, slug } });
      setName('');
      setSlug('');
      onChanged();
    });
  };
  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    void run(async () => {
      await api('PATCH /api/hubs/:id', { params: { id: editing.id }, body: { name: editing.name } });
      setEditing(null);
      onChanged();
    });
  };

  return (
    <section className="panel" aria-labelledby="regions-title">
      <h2 id="regions-title">{t('admin.regions.title')}</h2>
      <ErrorAlert error={error} />
      <ul className="admin-list">
        {hubs.map((hub) =>
          editing?.id === hub.id ? (
            <li key={hub.id}>
              <form className="inline-form" onSubmit={rename}>
                <label>
                  {t('admin.regions.newName', { name: names.region(hub.name) })}
                  <input
                    type="text"
                    dir="auto"
                    required
                    value={editing.name}
                    onChange={(e) => setEditing({ id: hub.id, name: e.target.value })}
                  />
                </label>
                <button type="submit" disabled={busy}>
                  {t('common.save')}
                </button>
                <button type="button" className="button-quiet" onClick={() => setEditing(null)}>
                  {t('common.cancel')}
                </button>
              </form>
            </li>
          ) : (
            <li key={hub.id}>
              <bdi className="person-name">{names.region(hub.name)}</bdi>
              {names.region(hub.name) !== hub.name && (
                <span className="muted">
                  {' ('}
                  <bdi>{hub.name}</bdi>
                  {')'}
                </span>
              )}{' '}
              <code dir="ltr">{hub.slug}</code>{' '}
              <button
                type="button"
                className="button-quiet button-small"
                aria-label={t('admin.regions.renameNamed', { name: names.region(hub.name) })}
                onClick={() => setEditing({ id: hub.id, name: hub.name })}
              >
                {t('admin.regions.rename')}
              </button>
            </li>
          ),
        )}
      </ul>
      <form className="inline-form" onSubmit={add}>
        <h3 className="form-title">{t('admin.regions.add')}</h3>
        <label>
          {t('admin.regions.name')}
          <input type="text" dir="auto" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('admin.regions.slug')}
          <input
            type="text"
            dir="ltr"
            required
            pattern="[a-z0-9\-]{2,60}"
            title={t('admin.regions.slugHint')}
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {t('admin.regions.submit')}
        </button>
      </form>
    </section>
  );
}
