import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../shared/schemas/auth';
import { ThreadPanel } from '../threads/ThreadPanel';
import { isolate } from './isolate';

interface Props {
  planId: string;
  priorityId: string;
  title: string;
  me: Me;
  canComment: boolean;
}

/**
 * A priority's comments beside the plan (its own address, so it can be linked); on a phone it
 * covers the screen, with a way back to the plan.
 */
export function PriorityThread({ planId, priorityId, title, me, canComment }: Props) {
  const { t } = useTranslation();
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // opening a priority moves the reader to its discussion
    panel.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [priorityId]);
  return (
    <div ref={panel} className="priority-thread-panel">
      <Link to={`/plans/${planId}`} className="back-to-plan button-quiet">
        <span aria-hidden="true" className="back-arrow">
          {'←'}
        </span>{' '}
        {t('plans.thread.backToPlan')}
      </Link>
      <ThreadPanel
        id="priority-thread"
        subject={{ kind: 'priority', planId, priorityId }}
        me={me}
        canPost={canComment}
        title={t('plans.thread.title', { title: isolate(title) })}
        className="priority-thread"
      />
    </div>
  );
}
