import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { NotificationView, UnreadCount, UnreadView } from '../../shared/schemas/threads';
import { api } from '../app/api';
import { getSocket } from '../app/socket';

/**
 * The unread messages in threads of one kind of subject (rooms' chats, priorities' comments); "more"
 * when any of them is "1,000+" (a floor, not a count).
 */
export function unreadOf(threads: UnreadView[], kind: UnreadView['subject']['kind']): UnreadCount {
  const mine = threads.filter((t) => t.subject.kind === kind);
  return { unread: mine.reduce((sum, t) => sum + t.unread, 0), unreadMore: mine.some((t) => t.unreadMore) };
}

/** The list with one thread's new count (threads with nothing unread are left out). */
export function withUnread(threads: UnreadView[], update: UnreadView): UnreadView[] {
  const others = threads.filter((t) => t.threadId !== update.threadId);
  return update.unread > 0 ? [...others, update] : others;
}

/**
 * The reader's mentions (newest first) with the unread badge, and the unread counts of the
 * threads they follow: fetched once connected and after every reconnect, then kept live by the
 * person's own channel (`notification:*`, `thread:unread` for any thread, open in this tab or not).
 */
export function useNotifications() {
  const [notifications, setNotifications] = useState<NotificationView[]>([]);
  const [unread, setUnread] = useState(0);
  const [threads, setThreads] = useState<UnreadView[]>([]);

  const load = useCallback(async () => {
    const [list, counts] = await Promise.all([api('GET /api/notifications'), api('GET /api/threads/unread')]);
    setNotifications(list.notifications);
    setUnread(list.unread);
    setThreads(counts.threads.filter((t) => t.unread > 0));
  }, []);

  useEffect(() => {
    const socket = getSocket();
    const onNew = (n: NotificationView) => setNotifications((list) => [n, ...list.filter((x) => x.id !== n.id)]);
    const onUnread = ({ count }: { count: number }) => setUnread(count);
    const onThreadUnread = (update: UnreadView) => setThreads((list) => withUnread(list, update));
    const refresh = () => void load().catch(() => undefined);
    socket.on('thread:unread', onThreadUnread);
    socket.on('notification:new', onNew);
    socket.on('notification:unread', onUnread);
    socket.on('connect', refresh);
    // before the first connection, that connection loads them (one load, and none of the live
    // updates sent before it is missed); on a page opened later in the same tab, now
    if (socket.connected) refresh();
    return () => {
      socket.off('thread:unread', onThreadUnread);
      socket.off('notification:new', onNew);
      socket.off('notification:unread', onUnread);
      socket.off('connect', refresh);
    };
  }, [load]);

  const markRead = useCallback(async (ids: string[] | 'all') => {
    const body = ids === 'all' ? { all: true as const } : { ids };
    const answer = await api('POST /api/notifications/read', { body });
    setUnread(answer.unread);
    setNotifications((list) => list.map((n) => (ids === 'all' || ids.includes(n.id) ? { ...n, read: true } : n)));
  }, []);

  return { notifications, unread, threads, reload: load, markRead };
}

export type Inbox = ReturnType<typeof useNotifications>;

/** The shell's inbox, for pages that show unread counts beside their threads' subjects. */
export const InboxContext = createContext<Inbox | null>(null);

/** Unread messages in the thread of one subject (0 when unknown or outside the shell). */
export function useUnread(match: (subject: UnreadView['subject']) => boolean): UnreadCount {
  const inbox = useContext(InboxContext);
  return inbox?.threads.find((t) => match(t.subject)) ?? { unread: 0, unreadMore: false };
}
