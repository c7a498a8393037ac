import { useCallback, useEffect, useRef, useState } from 'react';
import type { Ack, ApiError } from '../../shared/errors';
import { HISTORY_PAGE_SIZE, type MessageView } from '../../shared/schemas/threads';
import { newClientId } from '../../shared/ids';
import { getSocket, request } from '../app/socket';

export interface OutgoingMessage {
  clientId: string;
  body: string;
  /** `queued`: written while offline, sent by itself on reconnect. */
  state: 'sending' | 'queued' | 'failed';
  error?: ApiError;
}

/** Sorted oldest → newest by id (ObjectIds grow with time); deduplicated by id. */
function merge(current: MessageView[], incoming: MessageView[]): MessageView[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A room's discussion: the newest page on open (and after every reconnect), older
 * pages on demand, live messages from others, and posts that can be retried
 * without duplicates (each carries its own client id). Posts written offline wait in a queue
 * and go out on reconnect.
 */
export function useThread(roomId: string) {
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [outgoing, setOutgoing] = useState<OutgoingMessage[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const outgoingRef = useRef(outgoing);
  outgoingRef.current = outgoing;

  useEffect(() => {
    const socket = getSocket();
    let active = true;
    setMessages([]);
    const loadNewest = async () => {
      const ack = await request('thread:history', { roomId, limit: HISTORY_PAGE_SIZE });
      if (!active) return;
      setLoading(false);
      if (!ack.ok) return setError(ack.error);
      setError(null);
      setMessages((current) => {
        if (current.length === 0) setHasMore(ack.data.hasMore);
        return merge(current, ack.data.messages);
      });
    };
    const onPosted = (message: MessageView) => {
      if (message.roomId === roomId) setMessages((current) => merge(current, [message]));
    };
    socket.on('thread:posted', onPosted);
    socket.on('connect', loadNewest);
    if (socket.connected) void loadNewest();
    return () => {
      active = false;
      socket.off('thread:posted', onPosted);
      socket.off('connect', loadNewest);
    };
  }, [roomId]);

  const loadOlder = useCallback(async () => {
    const oldest = messages[0];
    if (!oldest) return;
    setLoadingOlder(true);
    const ack = await request('thread:history', { roomId, before: oldest.id, limit: HISTORY_PAGE_SIZE });
    setLoadingOlder(false);
    if (!ack.ok) return setError(ack.error);
    setMessages((current) => merge(current, ack.data.messages));
    setHasMore(ack.data.hasMore);
  }, [messages, roomId]);

  const send = useCallback(
    async (body: string, clientId: string = newClientId()) => {
      const socket = getSocket();
      const place = (state: OutgoingMessage['state'], error?: ApiError) =>
        setOutgoing((list) => [...list.filter((m) => m.clientId !== clientId), { clientId, body, state, error }]);
      if (!socket.connected) {
        place('queued');
        return false;
      }
      place('sending');
      const ack = await request('thread:post', { roomId, body, clientId }).catch(
        // a failure in this browser is shown like any other, never swallowed
        (e: unknown): Ack<MessageView> => ({ ok: false, error: { code: 'internal', message: String(e) } }),
      );
      if (ack.ok) {
        setMessages((current) => merge(current, [ack.data]));
        setOutgoing((list) => list.filter((m) => m.clientId !== clientId));
        return true;
      }
      // the connection dropped on the way: the person's network, not the service; try again on reconnect
      if (!socket.connected) place('queued');
      else place('failed', ack.error);
      return false;
    },
    [roomId],
  );

  useEffect(() => {
    const socket = getSocket();
    const flush = () => {
      for (const m of outgoingRef.current) if (m.state === 'queued') void send(m.body, m.clientId);
    };
    socket.on('connect', flush);
    return () => {
      socket.off('connect', flush);
    };
  }, [send]);

  return { messages, outgoing, hasMore, loading, loadingOlder, error, loadOlder, send };
}
