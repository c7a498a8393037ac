import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupSummary } from '../../shared/schemas/network';
import { api } from '../app/api';
import { useErrorMessage } from '../ui/useErrorMessage';
import { useAction } from '../ui/useAction';

/** Changes a group's member cap; empty means the default for its kind. */
export function CapForm({ group, onChanged }: { group: GroupSummary; onChanged: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { run, busy, error } = useAction();
  const [cap, setCap] = useState(group.cap === null ? '' : String(group.cap));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api('PATCH /api/groups/:id', { params: { id: group.id }, body: { cap: cap === '' ? null : Number(cap) } });
      onChanged();
    });
  };

  return (
    <form className="cap-form" onSubmit={submit}>
      <input
        type="number"
        min={1}
        max={1000}
        inputMode="numeric"
        aria-label={t('admin.groups.capOf', { name: group.name })}
        placeholder={t('admin.groups.defaultCap')}
        value={cap}
        onChange={(e) => setCap(e.target.value)}
      />
      <button type="submit" className="button-quiet button-small" disabled={busy}>
        {t('common.save')}
      </button>
      {Boolean(error) && (
        <span role="alert" className="error">
          {errorMessage(error)}
        </span>
      )}
    </form>
  );
}
