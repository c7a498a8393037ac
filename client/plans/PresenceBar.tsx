import { useTranslation } from 'react-i18next';
import type { PriorityState } from '../../shared/plans/doc';
import { isolate } from './isolate';
import type { PlanPresence } from './useAwareness';

/** Who is in the plan now, and which priority each one is editing. */
export function PresenceBar({ people, priorities }: { people: PlanPresence[]; priorities: PriorityState[] }) {
  const { t } = useTranslation();
  const titleOf = (id: string) => priorities.find((p) => p.id === id)?.title || t('plans.untitled');
  return (
    <section className="plan-presence" aria-labelledby="plan-presence-title">
      <h2 id="plan-presence-title" className="visually-hidden">
        {t('plans.presence')}
      </h2>
      <ul aria-label={t('plans.presence')}>
        {people.map((p) => (
          <li key={p.clientId}>
            <span className="avatar" style={{ backgroundColor: p.color }} aria-hidden="true" />
            <bdi>{p.name}</bdi>
            {p.self && <span className="muted"> ({t('room.you')})</span>}
            {p.editing && (
              <span className="muted">
                {' · '}
                {t('plans.editingWhat', { title: isolate(titleOf(p.editing)) })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
