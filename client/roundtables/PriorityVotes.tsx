import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { planVotes, readVotes, votesFor } from '../../shared/plans/votes';

/** The dots a priority received in roundtables (written onto the plan by the server). */
export function PriorityVotes({ doc, priorityId }: { doc: Y.Doc; priorityId: string }) {
  const { t } = useTranslation();
  const [results, setResults] = useState(() => votesFor(readVotes(doc), priorityId));
  useEffect(() => {
    const votes = planVotes(doc);
    const read = () => setResults(votesFor(readVotes(doc), priorityId));
    read();
    votes.observe(read);
    return () => votes.unobserve(read);
  }, [doc, priorityId]);
  if (results.length === 0) return null;
  return (
    <ul className="priority-votes" aria-label={t('roundtables.votesOnPlan')}>
      {results.map((r) => (
        <li key={`${r.roundtable}-${r.at}`}>
          {t('roundtables.dotsFrom', { count: r.dots })} <bdi dir="auto">{r.roundtable}</bdi>
        </li>
      ))}
    </ul>
  );
}
