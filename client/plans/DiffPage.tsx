import { diffWordsWithSpace } from 'diff';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { PriorityField } from '../../shared/plans/schemas';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useApiData } from '../ui/useApiData';
import './plans.css';
import { ltr } from './isolate';
import { useVersionName } from './useVersionName';

/** What changed between two versions of a plan (or a version and now): priorities added, removed, changed. */
export function DiffPage() {
  const { planId = '' } = useParams();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const versionName = useVersionName();
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? 'current';
  const { data, error } = useApiData('GET /api/plans/:id/diff', { params: { id: planId }, query: { from, to } });
  if (error) return <ErrorAlert error={error} className="page-status error" />;
  if (!data) return <p className="page-status">{t('app.loading')}</p>;
  const { diff } = data;
  const nothing =
    !diff.titleChanged && !diff.introChanged && !diff.added.length && !diff.removed.length && !diff.changed.length;
  return (
    <div className="page plan-diff">
      <p>
        <Link to={`/plans/${planId}`}>{t('plans.backToPlan')}</Link>
      </p>
      <h1>
        {t('plans.diff.title')}:{' '}
        <bdi dir="auto">{diff.from.id === 'current' ? t('plans.versions.current') : versionName(diff.from.name)}</bdi> →{' '}
        <bdi dir="auto">{diff.to.id === 'current' ? t('plans.versions.current') : versionName(diff.to.name)}</bdi>
      </h1>
      {nothing && <p className="muted">{t('plans.diff.none')}</p>}
      {diff.titleChanged && <TextChange label={t('plans.planTitle')} {...diff.titleChanged} />}
      {diff.introChanged && <TextChange label={t('plans.introduction')} {...diff.introChanged} />}
      {diff.added.length > 0 && (
        <section className="panel">
          <h2>{t('plans.diff.added', { count: diff.added.length })}</h2>
          <ul>
            {diff.added.map((p) => (
              <li key={p.id} className="diff-added">
                <bdi dir="auto">{p.title || t('plans.untitled')}</bdi> · {t(`plans.kinds.${p.kind}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {diff.removed.length > 0 && (
        <section className="panel">
          <h2>{t('plans.diff.removed', { count: diff.removed.length })}</h2>
          <ul>
            {diff.removed.map((p) => (
              <li key={p.id} className="diff-removed">
                <bdi dir="auto">{p.title || t('plans.untitled')}</bdi> · {t(`plans.kinds.${p.kind}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {diff.changed.length > 0 && (
        <section className="panel">
          <h2>{t('plans.diff.changed', { count: diff.changed.length })}</h2>
          {diff.changed.map((c) => (
            <article key={c.id} className="diff-priority">
              <h3>
                <bdi dir="auto">{c.title || t('plans.untitled')}</bdi>
              </h3>
              {c.fields.map((field) => (
                <TextChange
                  key={field}
                  label={t(`plans.fields.${field}`)}
                  before={label(field, c.before[field] ?? '', t)}
                  after={label(field, c.after[field] ?? '', t)}
                />
              ))}
            </article>
          ))}
        </section>
      )}
    </div>
  );
}

/** Kind and status values shown as the reader's labels; the rest as written. */
function label(field: PriorityField, value: string, t: (key: string) => string): string {
  if (!value) return value;
  if (field === 'kind') return t(`plans.kinds.${value}`);
  if (field === 'status') return t(`plans.statuses.${value}`);
  if (field === 'target') return ltr(value);
  return value;
}

/** Old and new text with the changed words marked (<del>, <ins>). */
function TextChange({ label: name, before, after }: { label: string; before: string; after: string }) {
  const parts = diffWordsWithSpace(before, after);
  return (
    <div className="text-change">
      <h4>{name}</h4>
      <p dir="auto" className="diff-text">
        {parts.map((part, i) =>
          part.added ? (
            <ins key={i}>{part.value}</ins>
          ) : part.removed ? (
            <del key={i}>{part.value}</del>
          ) : (
            <span key={i}>{part.value}</span>
          ),
        )}
      </p>
    </div>
  );
}
