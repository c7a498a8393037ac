import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../shared/errors';
import { DRAFT_PREFIX } from './useDraft';

export interface OutgoingMessage {
  clientId: string;
  body: string;
  replyTo?: string;
  mentions?: string[];
  /** The language the author chose for it (their interface language by default). */
  language?: string;
  /** `queued`: written while offline, sent by itself on reconnect. */
  state: 'sending' | 'queued' | 'failed';
  error?: ApiError;
}

const outboxKey = (threadKey: string) => `${DRAFT_PREFIX}outbox.${threadKey}`;

function load(key: string): OutgoingMessage[] {
  try {
    const list = JSON.parse(localStorage.getItem(key) ?? '[]') as OutgoingMessage[];
    // after a reload nothing is on its way any more: everything waits to be sent again
    return Array.isArray(list) ? list.map((m) => ({ ...m, state: m.state === 'failed' ? 'failed' : 'queued' })) : [];
  } catch {
    return [];
  }
}

/**
 * Messages written but not yet stored, per thread, kept in localStorage until the server has
 * them (same client id on every try, so nothing is stored twice). Signing out wipes them with
 * the drafts.
 */
export function useOutbox(threadKey: string) {
  const key = outboxKey(threadKey);
  const [state, setState] = useState(() => ({ key, list: load(key) }));
  const outgoing = state.key === key ? state.list : load(key);
  if (state.key !== key) setState({ key, list: outgoing });

  useEffect(() => {
    if (state.list.length > 0) localStorage.setItem(state.key, JSON.stringify(state.list));
    else localStorage.removeItem(state.key);
  }, [state]);

  const place = useCallback(
    (message: OutgoingMessage) =>
      setState((s) => ({
        key: s.key,
        list: s.list.some((m) => m.clientId === message.clientId)
          ? s.list.map((m) => (m.clientId === message.clientId ? message : m))
          : [...s.list, message],
      })),
    [],
  );
  const drop = useCallback(
    (clientId: string) => setState((s) => ({ key: s.key, list: s.list.filter((m) => m.clientId !== clientId) })),
    [],
  );
  return { outgoing, place, drop };
}
