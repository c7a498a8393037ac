import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../shared/schemas/threads';
import { useDateFormat } from '../ui/useDateFormat';
import { MessageActions } from './MessageActions';
import { MessageBody } from './MessageBody';
import { MessageEditor } from './MessageEditor';
import { Reactions } from './Reactions';
import { Translation } from './Translation';
import type { ThreadContext } from './ThreadContext';

interface Props {
  message: MessageView;
  context: ThreadContext;
  /** Replies shown under a top-level message (one level). */
  replies?: ReactNode;
  /** Set on a reply whose parent is not among the loaded messages. */
  orphan?: boolean;
}

/** One message: who and when, its text, reactions, what the reader may do with it, its replies. */
export function MessageItem({ message: m, context, replies, orphan }: Props) {
  const { t } = useTranslation();
  const time = useDateFormat();
  const [editing, setEditing] = useState(false);
  const mine = m.author.id === context.me.id;
  const shown = !m.deleted && !m.redacted;
  const classes = ['message', mine && 'mine', m.hidden && 'hidden', m.pinned && 'pinned', m.replyTo && 'reply'];
  return (
    <li id={messageElementId(m.id)} tabIndex={-1} className={classes.filter(Boolean).join(' ')}>
      <article aria-label={t('thread.messageBy', { name: m.author.name || t('thread.formerMember') })}>
        <div className="message-head">
          {m.author.name ? (
            <bdi className="author">{m.author.name}</bdi>
          ) : (
            <span className="author former">{t('thread.formerMember')}</span>
          )}
          <span className="message-meta">
            {m.pinned && <span className="pin-mark">{t('thread.pinnedMark')}</span>}
            {m.editedAt && !m.deleted && <span className="muted">{t('threads.edited')}</span>}
            <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
          </span>
        </div>
        {orphan && <p className="muted reply-note">{t('thread.replyToEarlier')}</p>}
        {m.deleted ? (
          <p className="muted message-body">{t('threads.deleted')}</p>
        ) : m.redacted ? (
          <p className="muted message-body">{t('threads.hiddenForYou')}</p>
        ) : editing ? (
          <MessageEditor message={m} context={context} onDone={() => setEditing(false)} />
        ) : context.threadId ? (
          <Translation message={m} thread={{ threadId: context.threadId }}>
            <MessageBody body={m.body} />
          </Translation>
        ) : (
          <MessageBody body={m.body} />
        )}
        {m.hidden && !m.redacted && (
          <p className="hidden-mark">{t('threads.hiddenMarked', { reason: m.hidden.reason ?? '' })}</p>
        )}
        {shown && <Reactions message={m} context={context} />}
        {!editing && <MessageActions message={m} context={context} onEdit={() => setEditing(true)} />}
      </article>
      {replies}
    </li>
  );
}

/** The element a search result or a pinned message jumps to. */
export const messageElementId = (id: string) => `message-${id}`;
