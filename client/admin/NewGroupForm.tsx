import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_GROUP_CAPS, GROUP_KINDS, type GroupKind, type HubView } from '../../shared/schemas/network';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SelectField } from '../ui/SelectField';
import { useAction } from '../ui/useAction';
import { usePlaceNames } from '../ui/usePlaceNames';

/** Creates a group: an advisory group or a hub team belongs to a region; a cap is optional. */
export function NewGroupForm({ hubs, onCreated }: { hubs: HubView[]; onCreated: () => void }) {
  const { t } = useTranslation();
  const names = usePlaceNames();
  const { run, busy, error } = useAction();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<GroupKind>('advisory_group');
  const [hubId, setHubId] = useState('');
  const [cap, setCap] = useState('');
  const defaultCap = DEFAULT_GROUP_CAPS[kind];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api('POST /api/groups', {
        body: { name, kind, hubId: hubId || null, ...(cap === '' ? {} : { cap: Number(cap) }) },
      });
      setName('');
      setCap('');
      onCreated();
    });
  };

  return (
    <form className="inline-form" onSubmit={submit}>
      <h3 className="form-title">{t('admin.groups.add')}</h3>
      <label>
        {t('admin.groups.name')}
        <input type="text" dir="auto" required maxLength={160} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <SelectField
        label={t('admin.groups.kind')}
        value={kind}
        onChange={(e) => setKind(GROUP_KINDS.find((k) => k === e.target.value) ?? kind)}
      >
        {GROUP_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`groups.kinds.${k}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('admin.groups.region')} value={hubId} onChange={(e) => setHubId(e.target.value)}>
        <option value="">{t('admin.groups.noRegion')}</option>
        {hubs.map((hub) => (
          <option key={hub.id} value={hub.id}>
            {names.region(hub.name)}
          </option>
        ))}
      </SelectField>
      <label>
        {t('admin.groups.cap')}
        <input
          type="number"
          min={1}
          max={1000}
          inputMode="numeric"
          placeholder={defaultCap === null ? t('admin.groups.noCap') : String(defaultCap)}
          value={cap}
          onChange={(e) => setCap(e.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {t('admin.groups.submit')}
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}
