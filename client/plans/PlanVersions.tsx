import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PlanStatus, PlanView } from '../../shared/plans/schemas';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useApiData } from '../ui/useApiData';
import { useDateFormat } from '../ui/useDateFormat';
import { useVersionName } from './useVersionName';

interface Props {
  view: PlanView;
  status: PlanStatus;
  onRestored: () => void;
}

/** Named versions and checkpoints: name one now, open one read-only, compare two, restore one (as a new change). */
export function PlanVersions({ view, status, onRestored }: Props) {
  const { t } = useTranslation();
  const date = useDateFormat();
  const versionName = useVersionName();
  const { data, reload } = useApiData('GET /api/plans/:id/versions', { params: { id: view.id } });
  const { run, busy, error } = useAction();
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('current');
  const [confirming, setConfirming] = useState<string | null>(null);
  const versions = data?.versions ?? [];
  const canWrite = view.abilities.edit && status !== 'adopted';

  const save = () =>
    void run(async () => {
      await api('POST /api/plans/:id/versions', { params: { id: view.id }, body: { name } });
      setName('');
      reload();
    });
  const restore = (versionId: string) =>
    void run(async () => {
      await api('POST /api/plans/:id/versions/:versionId/restore', { params: { id: view.id, versionId } });
      setConfirming(null);
      reload();
      onRestored();
    });

  return (
    <section className="panel plan-versions" aria-labelledby="plan-versions-title">
      <h2 id="plan-versions-title">{t('plans.versions.title')}</h2>
      {canWrite && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save();
          }}
        >
          <label className="field">
            <span>{t('plans.versions.name')}</span>
            <input dir="auto" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" disabled={busy || !name.trim()}>
            {t('plans.versions.save')}
          </button>
        </form>
      )}
      <ErrorAlert error={error} />
      {versions.length === 0 ? (
        <p className="muted">{t('plans.versions.empty')}</p>
      ) : (
        <>
          <ul className="version-list">
            {versions.map((v) => (
              <li key={v.id}>
                <Link to={`/plans/${view.id}/versions/${v.id}`}>
                  <bdi dir="auto">{versionName(v.name)}</bdi>
                </Link>
                <span className="muted">
                  {' · '}
                  {t(`plans.versions.reasons.${v.reason}`)} · {date(v.createdAt)}
                  {v.author && (
                    <>
                      {' · '}
                      <bdi>{v.author.name}</bdi>
                    </>
                  )}
                </span>
                {canWrite &&
                  (confirming === v.id ? (
                    <span className="confirm">
                      {t('plans.versions.confirmRestore')}{' '}
                      <button type="button" disabled={busy} onClick={() => restore(v.id)}>
                        {t('plans.versions.restoreYes')}
                      </button>{' '}
                      <button type="button" className="button-quiet" onClick={() => setConfirming(null)}>
                        {t('plans.versions.cancel')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="button-quiet" onClick={() => setConfirming(v.id)}>
                      {t('plans.versions.restore')}
                      <span className="visually-hidden"> {versionName(v.name)}</span>
                    </button>
                  ))}
              </li>
            ))}
          </ul>
          <form className="compare" aria-label={t('plans.versions.compare')}>
            <label className="field">
              <span>{t('plans.versions.from')}</span>
              <select value={from} onChange={(e) => setFrom(e.target.value)}>
                <option value="">—</option>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {versionName(v.name)} · {date(v.createdAt)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('plans.versions.to')}</span>
              <select value={to} onChange={(e) => setTo(e.target.value)}>
                <option value="current">{t('plans.versions.current')}</option>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {versionName(v.name)} · {date(v.createdAt)}
                  </option>
                ))}
              </select>
            </label>
            {from && (
              <Link className="button-link" to={`/plans/${view.id}/diff?from=${from}&to=${to}`}>
                {t('plans.versions.compare')}
              </Link>
            )}
          </form>
        </>
      )}
    </section>
  );
}
