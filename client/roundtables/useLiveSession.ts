import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../shared/errors';
import type { ClientToServerEvents } from '../../shared/events';
import type { LiveState } from '../../shared/roundtables/schemas';
import { getSocket, request } from '../app/socket';

type LiveEvent = Exclude<Extract<keyof ClientToServerEvents, `roundtable:${string}`>, 'roundtable:join'>;

/**
 * Joins a roundtable session (again after every reconnect) and follows its state. The server's
 * clock comes with every state: `now()` is this device's time corrected to it, for countdowns.
 */
export function useLiveSession(roundtableId: string, session: number) {
  const [state, setState] = useState<LiveState | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // the questions this reader upvoted: told on joining (the server remembers), added to on upvoting
  const [upvoted, setUpvoted] = useState<ReadonlySet<string>>(new Set());
  const offset = useRef(0);

  useEffect(() => {
    const socket = getSocket();
    let active = true;
    const accept = (next: LiveState) => {
      if (next.roundtableId !== roundtableId || next.session !== session) return;
      offset.current = Date.parse(next.serverNow) - Date.now();
      setState((current) => (current && current.version > next.version ? current : next));
    };
    const join = async () => {
      const ack = await request('roundtable:join', { roundtableId, session });
      if (!active) return;
      if (ack.ok) {
        setError(null);
        setUpvoted(new Set(ack.data.upvoted ?? []));
        accept(ack.data);
      } else {
        // no longer allowed in (e.g. removed from the group): stop showing the session
        if (ack.error.code === 'not_found' || ack.error.code === 'forbidden') setState(null);
        setError(ack.error);
      }
    };
    // our rights here changed: join again to learn what we may do now, or that we may not
    const onAccessChanged = (payload: { roundtableId: string; session: number }) => {
      if (payload.roundtableId === roundtableId && payload.session === session) void join();
    };
    socket.on('roundtable:state', accept);
    socket.on('roundtable:access-changed', onAccessChanged);
    socket.on('connect', join);
    if (socket.connected) void join();
    return () => {
      active = false;
      socket.off('roundtable:state', accept);
      socket.off('roundtable:access-changed', onAccessChanged);
      socket.off('connect', join);
      void request('roundtable:leave', { roundtableId, session });
    };
  }, [roundtableId, session]);

  const send = useCallback(
    async (event: LiveEvent, payload: Record<string, unknown>) => {
      const ack = await request(event, { roundtableId, session, ...payload } as never);
      if (!ack.ok) setError(ack.error);
      else setError(null);
      return ack;
    },
    [roundtableId, session],
  );

  const upvote = useCallback(
    async (questionId: string) => {
      const ack = await send('roundtable:upvote', { questionId });
      if (ack.ok) setUpvoted((ids) => new Set(ids).add(questionId));
    },
    [send],
  );

  const now = useCallback(() => Date.now() + offset.current, []);
  return { state, error, send, now, upvoted, upvote };
}

/** Re-renders every second while mounted (countdowns). */
export function useTick(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
}

/** `m:ss` of the time left until an instant (never below zero). */
export function timeLeft(deadlineMs: number, nowMs: number): { seconds: number; text: string } {
  const seconds = Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
  return { seconds, text: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` };
}
