import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../ui/useApiData';
import { isolate } from './isolate';
import { useRelativeTime } from './useRelativeTime';

/** "Ana edited Partnerships · 3 min ago": who changed what, newest first (refreshed every half minute). */
export function PlanHistory({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const relative = useRelativeTime();
  const { data, reload } = useApiData('GET /api/plans/:id/history', { params: { id: planId } });
  useEffect(() => {
    const timer = setInterval(reload, 30_000);
    return () => clearInterval(timer);
  }, [reload]);
  const entries = data?.entries ?? [];
  return (
    <section className="panel plan-history" aria-labelledby="plan-history-title">
      <h2 id="plan-history-title">{t('plans.history.title')}</h2>
      <button type="button" className="button-quiet" onClick={reload}>
        {t('plans.history.refresh')}
      </button>
      {entries.length === 0 ? (
        <p className="muted">{t('plans.history.empty')}</p>
      ) : (
        <ul className="history-list">
          {entries.slice(0, 20).map((e) => (
            <li key={e.id}>
              {t(`plans.history.${e.action}`, {
                name: isolate(e.user?.name ?? t('plans.history.someone')),
                what: isolate(e.priorityTitle || (e.priorityId ? t('plans.untitled') : t('plans.history.thePlan'))),
                detail:
                  e.action === 'status' && e.detail ? t(`plans.planStatuses.${e.detail}`) : isolate(e.detail ?? ''),
              })}{' '}
              <span className="muted">· {relative(e.at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
