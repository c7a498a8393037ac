import { useCallback, useEffect, useState } from 'react';
import type { Collab } from '../rooms/useCollab';

export interface PlanPresence {
  clientId: number;
  userId: string;
  name: string;
  color: string;
  /** The priority this person is editing now, if any. */
  editing: string | null;
  self: boolean;
}

interface AwarenessState {
  user?: { id?: string; name?: string; color?: string };
  editing?: string | null;
}

/**
 * Who is in the plan, from the provider's awareness (the server stamps each state's
 * `user` with the connection's real person), and `setEditing` to say which priority we are in.
 */
export function useAwareness(collab: Collab | null) {
  const [people, setPeople] = useState<PlanPresence[]>([]);
  useEffect(() => {
    if (!collab) return;
    const { awareness } = collab.provider;
    const read = () => {
      const list: PlanPresence[] = [];
      const seen = new Set<string>();
      awareness.getStates().forEach((raw, clientId) => {
        const state = raw as AwarenessState;
        const self = clientId === awareness.clientID;
        const id = state.user?.id ?? (self ? 'self' : '');
        if (!state.user?.name || seen.has(`${id}:${state.editing ?? ''}`)) return;
        seen.add(`${id}:${state.editing ?? ''}`);
        list.push({
          clientId,
          userId: id,
          name: state.user.name,
          color: state.user.color ?? '#59636e',
          editing: state.editing ?? null,
          self,
        });
      });
      setPeople(list);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [collab]);

  const setEditing = useCallback(
    (priorityId: string | null) => collab?.provider.awareness.setLocalStateField('editing', priorityId),
    [collab],
  );
  return { people, setEditing };
}
