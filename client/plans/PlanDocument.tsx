import { useTranslation } from 'react-i18next';
import { ltr } from './isolate';
import type { PlanView } from '../../shared/plans/schemas';

/**
 * A plan as read-only text (a version, the print page, the plan page while its live copy cannot be
 * reached): title, introduction, priorities with labels in the reader's language. Without `heading`
 * it leaves the title and the group, period and status to a page that shows them already.
 */
export function PlanDocument({
  plan,
  heading = true,
}: {
  plan: Omit<PlanView, 'abilities' | 'writable'>;
  heading?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <article className="plan-document">
      {heading && (
        <>
          <h1>
            <bdi dir="auto">{plan.title}</bdi>
          </h1>
          <p className="room-meta">
            <bdi>{plan.group.name}</bdi> · {t('plans.periodLabel', { period: ltr(plan.period) })} ·{' '}
            {t(`plans.planStatuses.${plan.status}`)}
          </p>
        </>
      )}
      {plan.intro && <Paragraphs text={plan.intro} />}
      <h2>{t('plans.priorities', { count: plan.priorities.length })}</h2>
      <ol className="plan-document-priorities">
        {plan.priorities.map((p) => (
          <li key={p.id}>
            <h3>
              <bdi dir="auto">{p.title || t('plans.untitled')}</bdi>
            </h3>
            <dl>
              <dt>{t('plans.kind')}</dt>
              <dd>{t(`plans.kinds.${p.kind}`)}</dd>
              <dt>{t('plans.status')}</dt>
              <dd>{t(`plans.statuses.${p.status}`)}</dd>
              <dt>{t('plans.owner')}</dt>
              <dd>{p.owner ? <bdi>{p.owner.name}</bdi> : t('plans.noOwner')}</dd>
              <dt>{t('plans.target')}</dt>
              <dd>{p.target ? ltr(p.target) : t('plans.noTarget')}</dd>
              {p.linkedCities.length > 0 && (
                <>
                  <dt>{t('plans.cities')}</dt>
                  <dd>
                    {p.linkedCities.map((c, i) => (
                      <span key={c.id}>
                        {i > 0 && ', '}
                        <bdi>{c.name}</bdi>
                      </span>
                    ))}
                  </dd>
                </>
              )}
            </dl>
            {p.description && <Paragraphs text={p.description} />}
          </li>
        ))}
      </ol>
    </article>
  );
}

function Paragraphs({ text }: { text: string }) {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line, i) => (
      <p key={i} dir="auto">
        {line}
      </p>
    ));
}
