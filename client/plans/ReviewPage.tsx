import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SelectField } from '../ui/SelectField';
import { FilterSelect, KindAndStatusFilters } from './FilterSelect';
import { useApiData } from '../ui/useApiData';
import { CommentCount } from '../threads/CommentCount';
import { usePlanThreadCounts } from '../threads/usePlanThreadCounts';
import { nextPeriod, previousPeriod } from './periods';
import './plans.css';

/** The steering committee's review: every region's priorities of one period in one filterable list. */
export function ReviewPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const period = search.get('period') ?? nextPeriod(undefined);
  const { data, error } = useApiData('GET /api/plans', { query: { period } });
  const [region, setRegion] = useState('');
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [owner, setOwner] = useState('');
  const rows = useMemo(
    () =>
      (data?.plans ?? []).flatMap((plan) =>
        plan.priorities.map((p) => ({ ...p, plan, region: plan.hub?.name ?? plan.group.name })),
      ),
    [data],
  );
  const regions = [...new Set(rows.map((r) => r.region))].sort();
  const owners = [...new Map(rows.flatMap((r) => (r.owner ? [[r.owner.id, r.owner.name]] : []))).entries()];
  const shown = rows.filter(
    (r) =>
      (!region || r.region === region) &&
      (!kind || r.kind === kind) &&
      (!status || r.status === status) &&
      (!owner || r.owner?.id === owner),
  );
  const periods = [previousPeriod(period), period, nextPeriod(period)];
  const counts = usePlanThreadCounts((data?.plans ?? []).map((p) => p.id));

  return (
    <div className="page review-page">
      <h1>{t('plans.review.title', { period: period.replace('-', ' ') })}</h1>
      <div className="filters" role="group" aria-label={t('plans.filters')}>
        <SelectField
          label={t('plans.review.period')}
          value={period}
          onChange={(e) => setSearch({ period: e.target.value })}
        >
          {periods.map((p) => (
            <option key={p} value={p}>
              {p.replace('-', ' ')}
            </option>
          ))}
        </SelectField>
        <FilterSelect
          label={t('plans.review.region')}
          value={region}
          onChange={setRegion}
          options={regions.map((r) => [r, r] as const)}
        />
        <KindAndStatusFilters kind={kind} status={status} onKind={setKind} onStatus={setStatus} />
        <FilterSelect label={t('plans.owner')} value={owner} onChange={setOwner} options={owners} />
      </div>
      <ErrorAlert error={error} />
      {data && (
        <p className="muted" role="status">
          {t('plans.review.count', { count: shown.length, plans: data.plans.length })}
        </p>
      )}
      <div className="table-scroll">
        <table className="review-table">
          <thead>
            <tr>
              <th scope="col">{t('plans.review.region')}</th>
              <th scope="col">{t('plans.review.priority')}</th>
              <th scope="col">{t('plans.kind')}</th>
              <th scope="col">{t('plans.status')}</th>
              <th scope="col">{t('plans.owner')}</th>
              <th scope="col">{t('plans.review.comments')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={`${r.plan.id}:${r.id}`}>
                <td>
                  <bdi>{r.region}</bdi>
                  <br />
                  <span className="muted">{t(`plans.planStatuses.${r.plan.status}`)}</span>
                </td>
                <td>
                  <Link to={`/plans/${r.plan.id}/priorities/${r.id}`}>
                    <bdi dir="auto">{r.title || t('plans.untitled')}</bdi>
                  </Link>
                </td>
                <td>{t(`plans.kinds.${r.kind}`)}</td>
                <td>{t(`plans.statuses.${r.status}`)}</td>
                <td>{r.owner ? <bdi>{r.owner.name}</bdi> : <span className="muted">{t('plans.noOwner')}</span>}</td>
                <td>
                  <CommentCount count={counts[r.plan.id]?.[r.id]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
