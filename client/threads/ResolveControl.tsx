import { useTranslation } from 'react-i18next';
import type { ThreadView } from '../../shared/schemas/threads';
import { isolate } from '../plans/isolate';

/** A priority's thread: resolved or not, and — for those the policy lets — resolve or reopen it. */
export function ResolveControl({ thread, onResolve }: { thread: ThreadView; onResolve: (resolved: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <div className="resolve-control">
      <span className={thread.resolved ? 'resolved-chip' : 'unresolved-chip'} role="status">
        {thread.resolved
          ? thread.resolvedBy
            ? t('plans.thread.resolvedBy', { name: isolate(thread.resolvedBy.name) })
            : t('plans.thread.resolved')
          : t('plans.thread.unresolved')}
      </span>
      {thread.abilities.resolve && (
        <button type="button" className="button-small" onClick={() => onResolve(!thread.resolved)}>
          {thread.resolved ? t('plans.thread.reopen') : t('plans.thread.resolve')}
        </button>
      )}
    </div>
  );
}
