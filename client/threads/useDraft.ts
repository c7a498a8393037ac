import { useEffect, useState } from 'react';

/** The prefix sign-out wipes (see session.tsx): drafts stay on this device only until then. */
export const DRAFT_PREFIX = 'roundtable.draft.';

/** A thread's half-written message, kept in localStorage so it survives a reload. */
export function useDraft(roomId: string): [string, (text: string) => void] {
  const key = `${DRAFT_PREFIX}${roomId}`;
  const [draft, setDraft] = useState(() => localStorage.getItem(key) ?? '');
  useEffect(() => {
    if (draft) localStorage.setItem(key, draft);
    else localStorage.removeItem(key);
  }, [key, draft]);
  return [draft, setDraft];
}
