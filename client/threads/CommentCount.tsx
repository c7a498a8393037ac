import { useTranslation } from 'react-i18next';
import type { PriorityThreadCount } from '../../shared/schemas/threads';
import './threads.css';

/** "3 comments · unresolved": a priority's thread at a glance (plan cards, the review). */
export function CommentCount({ count }: { count: PriorityThreadCount | undefined }) {
  const { t } = useTranslation();
  const n = count?.count ?? 0;
  return (
    <span className="comment-count">
      <span className="comment-number">{t('plans.thread.comments', { count: n })}</span>
      {count?.unresolved ? (
        <span className="unresolved-chip">{t('plans.thread.unresolved')}</span>
      ) : n > 0 ? (
        <span className="resolved-chip">{t('plans.thread.resolved')}</span>
      ) : null}
    </span>
  );
}
