import { useEffect, useState } from 'react';
import type { PersonRef } from '../../shared/schemas/threads';
import { request } from '../app/socket';

/** The `@word` being typed just before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@[\]]{0,30})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

/** People who may read the thread whose names contain the query (asked of the server). */
export function useMentionSuggestions(threadId: string | undefined, query: string | null): PersonRef[] {
  const [people, setPeople] = useState<PersonRef[]>([]);
  useEffect(() => {
    if (!threadId || query === null) return setPeople([]);
    let active = true;
    const timer = setTimeout(() => {
      void request('thread:people', { threadId, q: query }).then((ack) => {
        if (active) setPeople(ack.ok ? ack.data : []);
      });
    }, 150);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [threadId, query]);
  return people;
}
