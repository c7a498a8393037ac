import { useCallback, useEffect, useState } from 'react';
import type { NotificationView, UnreadView } from '../../shared/schemas/threads';
import { api } from '../app/api';
import { getSocket } from '../app/socket';

/**
 * The reader's mentions (newest first) with the unread badge, live over the person's own
 * channel, and the unread counts of the threads they follow (fetched when asked for).
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
    const refresh = () => void load().catch(() => undefined);
    socket.on('notification:new', onNew);
    socket.on('notification:unread', onUnread);
    socket.on('connect', refresh);
    refresh();
    return () => {
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
