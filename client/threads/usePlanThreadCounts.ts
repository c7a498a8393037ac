import { useEffect, useState } from 'react';
import type { PriorityThreadCount, ThreadCountEvent } from '../../shared/schemas/threads';
import { getSocket, request } from '../app/socket';

/** planId → priorityId → its comment count and unresolved state. */
export type PlanCounts = Record<string, Record<string, PriorityThreadCount>>;

/**
 * Comment counts and unresolved state of the priorities of some plans, kept live: each plan's
 * count channel is joined (again after a reconnect) and `thread:counts` updates one priority.
 */
export function usePlanThreadCounts(planIds: string[]): PlanCounts {
  const key = [...new Set(planIds)].sort().join(',');
  const [counts, setCounts] = useState<PlanCounts>({});
  useEffect(() => {
    const ids = key ? key.split(',') : [];
    if (ids.length === 0) return;
    const socket = getSocket();
    let active = true;
    const watch = async () => {
      for (const planId of ids) {
        const ack = await request('thread:watch-plan', { planId });
        if (active && ack.ok) setCounts((c) => ({ ...c, [planId]: ack.data.priorities }));
      }
    };
    const onCounts = ({ planId, priorityId, count, unresolved }: ThreadCountEvent) => {
      if (!ids.includes(planId)) return;
      setCounts((c) => ({ ...c, [planId]: { ...c[planId], [priorityId]: { count, unresolved } } }));
    };
    socket.on('thread:counts', onCounts);
    socket.on('connect', watch);
    if (socket.connected) void watch();
    return () => {
      active = false;
      socket.off('thread:counts', onCounts);
      socket.off('connect', watch);
    };
  }, [key]);
  return counts;
}
