import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ThreadSubject } from '../../shared/schemas/threads';
import { notificationText } from '../../shared/threads/notificationText';
import { api } from '../app/api';
import { useDateFormat } from '../ui/useDateFormat';
import { plainExcerpt } from './markdown';
import type { Inbox } from './useNotifications';
import './threads.css';

const EXCERPT = 120;

/** Where a thread's subject lives in the app (a priority's thread opens beside its plan). */
export function subjectPath(subject: ThreadSubject): string {
  switch (subject.kind) {
    case 'room':
      return `/rooms/${subject.roomId}`;
    case 'priority':
      return `/plans/${subject.planId}/priorities/${subject.priorityId}`;
    case 'group':
      return `/groups/${subject.groupId}`;
  }
}

/**
 * The header's notifications: a badge with the unread mentions and replies, and a panel listing them and
 * the discussions with unread messages; opening one marks it read.
 */
export function NotificationsMenu({ inbox }: { inbox: Inbox }) {
  const { t } = useTranslation();
  const time = useDateFormat();
  const { notifications, unread, threads, reload, markRead } = inbox;
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  // open translation reports the reader may handle (none for most people): looked at when the panel opens
  const [reports, setReports] = useState(0);
  useEffect(() => {
    if (!open) return;
    void reload().catch(() => undefined);
    void api('GET /api/translation-reports').then(
      (answer) => setReports(answer.reports.length),
      () => undefined,
    );
    panel.current?.querySelector<HTMLElement>('h2')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, reload]);

  return (
    <div className="notifications">
      <button
        ref={button}
        type="button"
        className="button-quiet notifications-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {t('notifications.button')}
        <UnreadBadge unread={unread} />
      </button>
      {open && (
        <div
          ref={panel}
          id={panelId}
          className="notifications-panel"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <div className="notifications-head">
            <h2 tabIndex={-1}>{t('notifications.title')}</h2>
            {unread > 0 && (
              <button type="button" className="button-quiet button-small" onClick={() => void markRead('all')}>
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          <h3>{t('notifications.mentions')}</h3>
          {notifications.length === 0 ? (
            <p className="muted">{t('notifications.empty')}</p>
          ) : (
            <ul className="notification-list">
              {notifications.map((n) => (
                <li key={n.id} className={n.read ? 'read' : 'unread'}>
                  <Link
                    to={subjectPath(n.subject)}
                    onClick={() => {
                      if (!n.read) void markRead([n.id]);
                      setOpen(false);
                    }}
                  >
                    <span className="notification-title">{notificationText(t, n)}</span>{' '}
                    <time dateTime={n.createdAt}>{time(n.createdAt)}</time>
                    <span dir="auto" className="notification-excerpt">
                      {plainExcerpt(n.excerpt, EXCERPT)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {reports > 0 && (
            <p>
              <Link to="/translation-reports" onClick={() => setOpen(false)}>
                {t('translationReports.link', { count: reports })}
              </Link>
            </p>
          )}
          <h3>{t('notifications.unreadThreads')}</h3>
          {threads.length === 0 ? (
            <p className="muted">{t('notifications.noUnreadThreads')}</p>
          ) : (
            <ul className="notification-list">
              {threads.map((u) => (
                <li key={u.threadId} className="unread">
                  <Link to={subjectPath(u.subject)} onClick={() => setOpen(false)}>
                    {t(u.unreadMore ? 'notifications.unreadInMore' : 'notifications.unreadIn', {
                      name: t(`notifications.subject.${u.subject.kind}`),
                      count: u.unread,
                    })}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * A count in a red bubble, read out as "N unread"; nothing at zero. `unreadMore`: the count is a
 * floor ("1,000+": the reader is too far behind for it to be counted).
 */
export function UnreadBadge({ unread: count, unreadMore = false }: { unread: number; unreadMore?: boolean }) {
  const { t } = useTranslation();
  if (count <= 0) return null;
  return (
    <span className="badge">
      <span aria-hidden="true">{t(unreadMore ? 'notifications.badgeMore' : 'notifications.badge', { count })}</span>
      <span className="visually-hidden">
        {' '}
        {t(unreadMore ? 'notifications.unreadBadgeMore' : 'notifications.unreadBadge', { count })}
      </span>
    </span>
  );
}
