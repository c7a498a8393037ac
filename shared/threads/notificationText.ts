import type { NotificationView } from '../schemas/threadViews.js';

/** User text inside a translated sentence keeps its own direction (FSI … PDI, as client/plans/isolate.ts). */
const isolate = (text: string) => `\u2068${text}\u2069`;

/** The part of an i18next `t` this needs (client and server instances both fit). */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * What a notification says happened, in the reader's language: "Amina mentioned you on priority
 * “Youth centres” in Tirana action plan", "Marko replied to your message in the chat of …".
 * Notifications from before titles were kept say only who did what.
 */
export function notificationText(t: Translate, n: Pick<NotificationView, 'kind' | 'author' | 'subject' | 'titles'>) {
  const name = isolate(n.author.name || t('thread.formerMember'));
  if (!n.titles) return t(n.kind === 'reply' ? 'notifications.replied' : 'notifications.mentioned', { name });
  return t(`notifications.what.${n.kind}.${n.subject.kind}`, {
    name,
    subject: isolate(n.titles.subject),
    context: isolate(n.titles.context ?? ''),
  });
}
