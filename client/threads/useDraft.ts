import { useCallback, useEffect, useState } from 'react';

/** The prefix sign-out wipes (see session.tsx): drafts stay on this device only until then. */
export const DRAFT_PREFIX = 'roundtable.draft.';

/** A thread's half-written message, kept in localStorage so it survives a reload. */
export function useDraft(name: string): [string, (text: string) => void] {
  const key = `${DRAFT_PREFIX}${name}`;
  const [state, setState] = useState(() => ({ key, draft: localStorage.getItem(key) ?? '' }));
  // another thread's composer: its own draft
  const draft = state.key === key ? state.draft : (localStorage.getItem(key) ?? '');
  if (state.key !== key) setState({ key, draft });
  const setDraft = useCallback((text: string) => setState({ key, draft: text }), [key]);
  useEffect(() => {
    if (state.draft) localStorage.setItem(state.key, state.draft);
    else localStorage.removeItem(state.key);
  }, [state]);
  return [draft, setDraft];
}
