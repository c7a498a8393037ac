import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ack, ApiError } from '../../shared/errors';
import type { ClientToServerEvents } from '../../shared/events';
import type {
  MessageView,
  PersonRef,
  ResolvedEvent,
  ThreadChanges,
  ThreadSubject,
  ThreadView,
  TypingEvent,
} from '../../shared/schemas/threads';
import { HISTORY_PAGE_SIZE, subjectKey } from '../../shared/schemas/threadLimits';
import { newClientId } from '../../shared/ids';
import { getSocket, request } from '../app/socket';
import { useOutbox, type OutgoingMessage } from './useOutbox';

export type { OutgoingMessage } from './useOutbox';

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

/** How long "… is typing" stays after the last signal (the server sends at most one per 2 s). */
const TYPING_SHOWN_MS = 4000;

/** Events that act on one message and answer it. */
type MessageAction = 'thread:edit' | 'thread:delete' | 'thread:react' | 'thread:pin' | 'thread:hide';
type ActionPayload<E extends MessageAction> = Omit<Parameters<ClientToServerEvents[E]>[0], 'threadId' | 'roomId'>;

const failed = (e: unknown): Ack<never> => ({ ok: false, error: { code: 'internal', message: String(e) } });

/**
 * One discussion thread (a room's chat, a priority's comments, a group's): opened on connect
 * (and after every reconnect) with the newest page, then kept complete by sequence number:
 * live changes move a cursor, a gap or a reconnect asks for "everything after seq N"
 * (docs/threads.md). Older pages on demand; posts carry their own client id so a retry is
 * stored once; posts written offline wait in the outbox (kept across reloads) and go out on
 * reconnect.
 */
export function useThread(subject: ThreadSubject) {
  const { i18n } = useTranslation();
  const key = subjectKey(subject);
  const [thread, setThread] = useState<ThreadView | null>(null);
  const [messages, setMessages] = useState<MessageView[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  /** The window shown does not reach the newest messages (a jump far back): newer pages on demand. */
  const [hasNewer, setHasNewer] = useState(false);
  const [loadingNewer, setLoadingNewer] = useState(false);
  /** Messages posted while the window is detached, not shown until the reader returns to the newest. */
  const [newWhileAway, setNewWhileAway] = useState(0);
  /** Changes whenever the window is replaced or extended downwards (scrolling keeps its place, nothing is announced). */
  const [windowKey, setWindowKey] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [typing, setTyping] = useState<(PersonRef & { until: number })[]>([]);
  const outbox = useOutbox(key);
  const { place, drop } = outbox;
  const threadRef = useRef<{ id: string; seq: number } | null>(null);
  const subjectRef = useRef(subject);
  subjectRef.current = subject;
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const detachedRef = useRef(false);
  /** What arrived while detached, above the window's newest message (docs/threads.md, "Jumping to a message"). */
  const awayRef = useRef<MessageView[]>([]);
  /** The thread's seq when the window was detached: messages posted after it are "new". */
  const detachedAtRef = useRef(0);

  /**
   * Messages heard or answered: merged into the window; while it is detached, those newer than its
   * newest message wait apart (and are counted), so nothing is shown out of order.
   */
  const receive = useCallback((incoming: MessageView[]) => {
    if (!detachedRef.current) {
      setMessages((current) => merge(current, incoming));
      return;
    }
    const newest = messagesRef.current.at(-1)?.seq ?? 0;
    const inWindow = incoming.filter((m) => m.seq <= newest);
    if (inWindow.length > 0) setMessages((current) => merge(current, inWindow));
    const above = incoming.filter((m) => m.seq > newest);
    if (above.length === 0) return;
    awayRef.current = merge(awayRef.current, above);
    setNewWhileAway(awayRef.current.filter((m) => m.seq > detachedAtRef.current && !m.deleted).length);
  }, []);
  /** The window reaches the newest messages again: what waited apart joins it. */
  const attach = useCallback((page: MessageView[], replace: boolean) => {
    const away = awayRef.current;
    detachedRef.current = false;
    awayRef.current = [];
    setNewWhileAway(0);
    setHasNewer(false);
    setWindowKey((k) => k + 1);
    setMessages((current) => merge(replace ? [] : current, [...page, ...away]));
    /** The newest message now shown. */
    return merge(page, away).at(-1);
  }, []);

  useEffect(() => {
    const socket = getSocket();
    let active = true;
    let catchingUp = false;
    threadRef.current = null;
    setThread(null);
    setMessages([]);
    setLoading(true);
    setTyping([]);
    detachedRef.current = false;
    awayRef.current = [];
    setHasNewer(false);
    setNewWhileAway(0);
    /** Moves the cursor: the next change in order advances it, one further ahead means a gap. */
    const advance = (seq: number) => {
      const t = threadRef.current;
      if (!t) return;
      if (seq === t.seq + 1) t.seq = seq;
      else if (seq > t.seq + 1) void catchUp();
    };
    const catchUp = async () => {
      const t = threadRef.current;
      if (!t || catchingUp) return;
      catchingUp = true;
      try {
        for (;;) {
          const ack: Ack<ThreadChanges> = await request('thread:since', { threadId: t.id, after: t.seq });
          if (!active || !ack.ok) return;
          receive(ack.data.messages);
          const state = ack.data.thread;
          setThread((v) => v && { ...v, ...state, id: v.id, seq: Math.max(v.seq, ack.data.seq) });
          t.seq = Math.max(t.seq, ack.data.seq);
          if (!ack.data.hasMore) return;
        }
      } finally {
        catchingUp = false;
      }
    };
    const open = async () => {
      const ack = await request('thread:open', { subject: subjectRef.current });
      if (!active) return;
      setLoading(false);
      if (!ack.ok) return setError(ack.error);
      setError(null);
      const known = threadRef.current;
      threadRef.current = { id: ack.data.thread.id, seq: known?.seq ?? ack.data.thread.seq };
      setThread(ack.data.thread);
      if (messagesRef.current.length === 0) setHasMore(ack.data.page.hasMore);
      receive(ack.data.page.messages);
      await catchUp();
    };
    const onChange = (message: MessageView) => {
      if (message.threadId !== threadRef.current?.id) return;
      receive([message]);
      setTyping((list) => list.filter((p) => p.id !== message.author.id));
      advance(message.changeSeq);
    };
    const onResolved = (event: ResolvedEvent) => {
      if (event.threadId !== threadRef.current?.id) return;
      const { resolved, resolvedBy, resolvedAt, count } = event;
      setThread((v) => v && { ...v, resolved, resolvedBy, resolvedAt, count });
      advance(event.seq);
    };
    const onTyping = (event: TypingEvent) => {
      if (event.threadId !== threadRef.current?.id) return;
      const until = Date.now() + TYPING_SHOWN_MS;
      setTyping((list) => [...list.filter((p) => p.id !== event.person.id), { ...event.person, until }]);
    };
    const onAccessChanged = ({ threadId }: { threadId: string }) => {
      if (threadId === threadRef.current?.id) void open();
    };
    for (const event of MESSAGE_EVENTS) socket.on(event, onChange);
    socket.on('thread:resolved', onResolved);
    socket.on('thread:typing', onTyping);
    socket.on('thread:access-changed', onAccessChanged);
    socket.on('connect', open);
    if (socket.connected) void open();
    return () => {
      active = false;
      for (const event of MESSAGE_EVENTS) socket.off(event, onChange);
      socket.off('thread:resolved', onResolved);
      socket.off('thread:typing', onTyping);
      socket.off('thread:access-changed', onAccessChanged);
      socket.off('connect', open);
      const t = threadRef.current;
      if (t && socket.connected) void request('thread:leave', { threadId: t.id });
    };
  }, [key, receive]);

  // typing notices fade by themselves
  useEffect(() => {
    if (typing.length === 0) return;
    const next = Math.min(...typing.map((p) => p.until)) - Date.now();
    const timer = setTimeout(() => setTyping((list) => list.filter((p) => p.until > Date.now())), Math.max(next, 0));
    return () => clearTimeout(timer);
  }, [typing]);

  /** The thread as events name it: its id once opened, else the room (a room's chat). */
  const ref = useCallback(() => {
    const id = threadRef.current?.id;
    if (id) return { threadId: id };
    const s = subjectRef.current;
    return s.kind === 'room' ? { roomId: s.roomId } : null;
  }, []);

  const loadOlder = useCallback(async () => {
    const oldest = messages[0];
    const on = ref();
    if (!oldest || !on) return;
    setLoadingOlder(true);
    const ack = await request('thread:history', { ...on, before: oldest.seq, limit: HISTORY_PAGE_SIZE });
    setLoadingOlder(false);
    if (!ack.ok) return setError(ack.error);
    setMessages((current) => merge(current, ack.data.messages));
    setHasMore(ack.data.hasMore);
  }, [messages, ref]);

  /**
   * Shows the message with `seq` (a search result, a pinned message): when it is not in the window,
   * the window becomes the page around it — apart from the newest messages when it is far back
   * (`hasNewer`), newer pages then on demand (`loadNewer`) or at once (`toNewest`).
   */
  const show = useCallback(
    async (seq: number) => {
      const on = ref();
      const held = messagesRef.current;
      if (!on || (held.length > 0 && held[0]!.seq <= seq && seq <= held.at(-1)!.seq)) return;
      const ack = await request('thread:history', { ...on, around: seq, limit: HISTORY_PAGE_SIZE });
      if (!ack.ok) return setError(ack.error);
      setHasMore(ack.data.hasMore);
      if (!ack.data.hasNewer) return attach(ack.data.messages, true);
      if (!detachedRef.current) {
        // newly apart from the newest messages: what arrives from now on waits (a further jump keeps it)
        detachedAtRef.current = threadRef.current?.seq ?? 0;
        awayRef.current = [];
        setNewWhileAway(0);
      }
      detachedRef.current = true;
      setHasNewer(true);
      setWindowKey((k) => k + 1);
      messagesRef.current = merge([], ack.data.messages);
      setMessages(messagesRef.current);
    },
    [ref, attach],
  );

  /** The next page below a detached window; the last one joins the newest messages. */
  const loadNewer = useCallback(async () => {
    const newest = messagesRef.current.at(-1);
    const on = ref();
    if (!newest || !on || !detachedRef.current) return;
    setLoadingNewer(true);
    const ack = await request('thread:history', { ...on, after: newest.seq, limit: HISTORY_PAGE_SIZE });
    setLoadingNewer(false);
    if (!ack.ok) return setError(ack.error);
    if (!detachedRef.current) return;
    if (!ack.data.hasNewer) return attach(ack.data.messages, false);
    setWindowKey((k) => k + 1);
    messagesRef.current = merge(messagesRef.current, ack.data.messages);
    setMessages((current) => merge(current, ack.data.messages));
  }, [ref, attach]);

  /** Back to the newest messages at once: the newest page replaces a detached window. */
  const toNewest = useCallback(async () => {
    const on = ref();
    if (!on) return;
    const ack = await request('thread:history', { ...on, limit: HISTORY_PAGE_SIZE });
    if (!ack.ok) return setError(ack.error);
    setHasMore(ack.data.hasMore);
    return attach(ack.data.messages, true);
  }, [ref, attach]);

  const send = useCallback(
    async (message: Omit<OutgoingMessage, 'state' | 'error' | 'clientId'> & { clientId?: string }) => {
      const socket = getSocket();
      const clientId = message.clientId ?? newClientId();
      const entry = { ...message, clientId };
      const on = ref();
      if (!socket.connected || !on) {
        place({ ...entry, state: 'queued' });
        return false;
      }
      place({ ...entry, state: 'sending' });
      const { body, replyTo, mentions } = entry;
      const ack = await request('thread:post', {
        ...on,
        body,
        clientId,
        language: entry.language ?? i18n.language,
        ...(replyTo ? { replyTo } : {}),
        ...(mentions?.length ? { mentions } : {}),
      }).catch(failed);
      if (ack.ok) {
        receive([ack.data]);
        drop(clientId);
        return true;
      }
      // the connection dropped on the way: the person's network, not the service; try again on reconnect
      if (!socket.connected) place({ ...entry, state: 'queued' });
      else place({ ...entry, state: 'failed', error: ack.error });
      return false;
    },
    [i18n.language, ref, place, drop, receive],
  );

  // a message whose own event came before the answer to its post is stored: never shown twice
  const stored = new Set(messages.map((m) => m.clientId));
  const outgoing = outbox.outgoing.filter((m) => !stored.has(m.clientId));

  // what waits in the outbox goes out once the thread is open (on reconnect, or after a reload)
  const outgoingRef = useRef(outgoing);
  outgoingRef.current = outgoing;
  const threadId = thread?.id;
  useEffect(() => {
    if (!threadId) return;
    for (const m of outgoingRef.current) if (m.state === 'queued') void send(m);
  }, [threadId, send]);
  useEffect(() => {
    const socket = getSocket();
    const flush = () => {
      if (!threadRef.current) return; // opening the thread flushes it
      for (const m of outgoingRef.current) if (m.state === 'queued') void send(m);
    };
    socket.on('connect', flush);
    return () => {
      socket.off('connect', flush);
    };
  }, [send]);

  /** Edit, delete, react, pin, hide: the answer is the message as changed (the event follows). */
  const act = useCallback(
    async <E extends MessageAction>(event: E, payload: ActionPayload<E>): Promise<Ack<MessageView>> => {
      const on = ref();
      if (!on) return { ok: false, error: { code: 'db_unavailable', message: 'not connected' } };
      const send = request as (e: MessageAction, p: unknown) => Promise<Ack<MessageView>>;
      const ack = await send(event, { ...on, ...payload }).catch(failed);
      if (ack.ok) receive([ack.data]);
      return ack;
    },
    [ref, receive],
  );

  const resolve = useCallback(
    async (resolved: boolean) => {
      const on = ref();
      if (!on) return;
      const ack = await request('thread:resolve', { ...on, resolved });
      if (!ack.ok) return setError(ack.error);
      const { resolvedBy, resolvedAt, count } = ack.data;
      setThread((v) => v && { ...v, resolved: ack.data.resolved, resolvedBy, resolvedAt, count });
    },
    [ref],
  );

  const typingNow = useCallback(() => {
    const on = ref();
    if (on && getSocket().connected) void request('thread:typing', on);
  }, [ref]);

  // what is on screen is read: move the marker to the newest message — not while the window shown
  // is detached from the newest messages (a jump far back reads neither them nor what lies between)
  const newestSeq = messages.at(-1)?.seq ?? 0;
  useEffect(() => {
    if (!threadId || newestSeq === 0 || hasNewer) return;
    const timer = setTimeout(() => {
      // the server pushes the new count (`thread:unread`) to every tab of this person
      void request('thread:read', { threadId, seq: newestSeq });
    }, 500);
    return () => clearTimeout(timer);
  }, [threadId, newestSeq, hasNewer]);

  return {
    thread,
    messages,
    outgoing,
    hasMore,
    loading,
    loadingOlder,
    hasNewer,
    loadingNewer,
    newWhileAway,
    windowKey,
    error,
    typing,
    ref,
    loadOlder,
    show,
    loadNewer,
    toNewest,
    send,
    act,
    resolve,
    typingNow,
    setMessages,
  };
}

export type ThreadState = ReturnType<typeof useThread>;
