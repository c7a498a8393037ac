import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ack, ApiError } from '../../shared/errors';
import { HISTORY_PAGE_SIZE, type MessageView, type ThreadChanges } from '../../shared/schemas/threads';
import { newClientId } from '../../shared/ids';
import { getSocket, request } from '../app/socket';

export interface OutgoingMessage {
  clientId: string;
  body: string;
  /** The language the author chose for it (their interface language by default). */
  language?: string;
  /** `queued`: written while offline, sent by itself on reconnect. */
  state: 'sending' | 'queued' | 'failed';
  error?: ApiError;
}

/** Sorted by seq; one entry per message, the latest change of each (by `changeSeq`) wins. */
export function merge(current: MessageView[], incoming: MessageView[]): MessageView[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) {
    const known = byId.get(m.id);
    if (!known || known.changeSeq <= m.changeSeq) byId.set(m.id, m);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

const MESSAGE_EVENTS = [
  'thread:posted',
  'thread:edited',
  'thread:deleted',
  'thread:reacted',
  'thread:hidden',
  'thread:pinned',
] as const;

/**
 * A room's discussion: opened on connect (and after every reconnect) with the newest page,
 * then kept complete by sequence number: live changes move a cursor, a gap or a reconnect asks
 * for "everything after seq N" (docs/threads.md). Older pages on demand; posts carry their own
 * client id so a retry is stored once; posts written offline wait and go out on reconnect.
 */
export function useThread(roomId: string) {
  const { i18n } = useTranslation();
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [outgoing, setOutgoing] = useState<OutgoingMessage[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const outgoingRef = useRef(outgoing);
  outgoingRef.current = outgoing;
  const threadRef = useRef<{ id: string; seq: number } | null>(null);

  useEffect(() => {
    const socket = getSocket();
    let active = true;
    let catchingUp = false;
    threadRef.current = null;
    setMessages([]);
    const catchUp = async () => {
      const thread = threadRef.current;
      if (!thread || catchingUp) return;
      catchingUp = true;
      try {
        for (;;) {
          const ack: Ack<ThreadChanges> = await request('thread:since', { threadId: thread.id, after: thread.seq });
          if (!active || !ack.ok) return;
          setMessages((current) => merge(current, ack.data.messages));
          thread.seq = Math.max(thread.seq, ack.data.seq);
          if (!ack.data.hasMore) return;
        }
      } finally {
        catchingUp = false;
      }
    };
    const open = async () => {
      const ack = await request('thread:open', { subject: { kind: 'room', roomId } });
      if (!active) return;
      setLoading(false);
      if (!ack.ok) return setError(ack.error);
      setError(null);
      const known = threadRef.current;
      threadRef.current = { id: ack.data.thread.id, seq: known?.seq ?? ack.data.thread.seq };
      setMessages((current) => {
        if (current.length === 0) setHasMore(ack.data.page.hasMore);
        return merge(current, ack.data.page.messages);
      });
      await catchUp();
    };
    const onChange = (message: MessageView) => {
      const thread = threadRef.current;
      if (!thread || message.threadId !== thread.id) return;
      setMessages((current) => merge(current, [message]));
      if (message.changeSeq === thread.seq + 1) thread.seq = message.changeSeq;
      else if (message.changeSeq > thread.seq + 1) void catchUp();
    };
    for (const event of MESSAGE_EVENTS) socket.on(event, onChange);
    socket.on('connect', open);
    if (socket.connected) void open();
    return () => {
      active = false;
      for (const event of MESSAGE_EVENTS) socket.off(event, onChange);
      socket.off('connect', open);
      const thread = threadRef.current;
      if (thread && socket.connected) void request('thread:leave', { threadId: thread.id });
    };
  }, [roomId]);

  const loadOlder = useCallback(async () => {
    const oldest = messages[0];
    if (!oldest) return;
    setLoadingOlder(true);
    const ack = await request('thread:history', { roomId, before: oldest.seq, limit: HISTORY_PAGE_SIZE });
    setLoadingOlder(false);
    if (!ack.ok) return setError(ack.error);
    setMessages((current) => merge(current, ack.data.messages));
    setHasMore(ack.data.hasMore);
  }, [messages, roomId]);

  const send = useCallback(
    async (body: string, clientId: string = newClientId(), language: string = i18n.language) => {
      const socket = getSocket();
      const place = (state: OutgoingMessage['state'], error?: ApiError) =>
        setOutgoing((list) => [
          ...list.filter((m) => m.clientId !== clientId),
          { clientId, body, language, state, error },
        ]);
      if (!socket.connected) {
        place('queued');
        return false;
      }
      place('sending');
      const ack = await request('thread:post', { roomId, body, clientId, language }).catch(
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
    [roomId, i18n.language],
  );

  useEffect(() => {
    const socket = getSocket();
    const flush = () => {
      for (const m of outgoingRef.current) if (m.state === 'queued') void send(m.body, m.clientId, m.language);
    };
    socket.on('connect', flush);
    return () => {
      socket.off('connect', flush);
    };
  }, [send]);

  return { messages, outgoing, hasMore, loading, loadingOlder, error, loadOlder, send };
}
