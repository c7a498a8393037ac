import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { useApiData } from '../ui/useApiData';
import { useDateFormat } from '../ui/useDateFormat';
import { nextPeriod } from './periods';
import { ltr } from './isolate';
import './plans.css';

/** A group's action plans, newest period first, and (for the chair and hub staff) starting the next one. */
export function GroupPlansPage() {
  const { groupId = '' } = useParams();
  const { t } = useTranslation();
  const date = useDateFormat({ dateStyle: 'medium' });
  const navigate = useNavigate();
  const group = useApiData('GET /api/groups/:id', { params: { id: groupId } });
  const plans = useApiData('GET /api/groups/:id/plans', { params: { id: groupId } });
  const { run, busy, error } = useAction();
  const [carryOver, setCarryOver] = useState(true);
  const list = plans.data?.plans ?? [];
  const next = nextPeriod(list[0]?.period);
  const canStart = group.data?.group.abilities.startPlan ?? false;

  const start = () =>
    void run(async () => {
      const { plan } = await api('POST /api/groups/:id/plans', {
        params: { id: groupId },
        body: { period: next, carryOver: carryOver && list.length > 0 },
      });
      await navigate(`/plans/${plan.id}`);
    });

  if (plans.error) return <ErrorAlert error={plans.error} className="page-status error" />;
  return (
    <div className="page">
      {/* the line is there before the group's name, so the heading does not move down when it comes */}
      <p className="back-line">
        {group.data && (
          <Link to={`/groups/${groupId}`}>
            <bdi>{group.data.group.name}</bdi>
          </Link>
        )}
      </p>
      <h1>{t('plans.listTitle')}</h1>
      {!plans.data ? (
        <p className="muted">{t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('plans.noPlans')}</p>
      ) : (
        <ul className="plan-list">
          {list.map((p) => (
            <li key={p.id} className="panel">
              <Link to={`/plans/${p.id}`}>
                <bdi dir="auto">{p.title}</bdi>
              </Link>
              <span className="muted">
                {' · '}
                {t('plans.periodLabel', { period: ltr(p.period) })} · {t(`plans.planStatuses.${p.status}`)} ·{' '}
                {t('plans.priorities', { count: p.priorityCount })} · {date(p.updatedAt)}
              </span>{' '}
              <Link to={`/plans?period=${p.period}`}>{t('plans.review.link')}</Link>
            </li>
          ))}
        </ul>
      )}
      {canStart && plans.data && (
        <section className="panel" aria-labelledby="start-plan-title">
          <h2 id="start-plan-title">{t('plans.start', { period: next.replace('-', ' ') })}</h2>
          {list.length > 0 && (
            <label className="checkbox">
              <input type="checkbox" checked={carryOver} onChange={(e) => setCarryOver(e.target.checked)} />{' '}
              {t('plans.carryOver', { period: list[0]!.period })}
            </label>
          )}
          <button type="button" disabled={busy} onClick={start}>
            {t('plans.start', { period: next.replace('-', ' ') })}
          </button>
          <ErrorAlert error={error} />
        </section>
      )}
    </div>
  );
}
