import { useMemo, useRef, useState, type ReactNode, type UIEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/schemas/auth';
import type { MessageView, ThreadSubject } from '../../shared/schemas/threads';
import { subjectKey } from '../../shared/schemas/threadLimits';
import { useErrorMessage } from '../ui/useErrorMessage';
import { useUnloadWarning } from '../ui/useUnloadWarning';
import { Composer } from './Composer';
import { MessageBody } from './MessageBody';
import { messageElementId, MessageItem } from './MessageItem';
import { NewMessageAnnouncer } from './NewMessageAnnouncer';
import { PinnedMessages } from './PinnedMessages';
import { ResolveControl } from './ResolveControl';
import type { ThreadContext } from './ThreadContext';
import { ThreadSearch } from './ThreadSearch';
import { TypingIndicator } from './TypingIndicator';
import { useThread } from './useThread';
import { useThreadScroll } from './useThreadScroll';
import './threads.css';

interface Props {
  id?: string;
  subject: ThreadSubject;
  me: Me;
  /** The heading (default: "Discussion"). */
  title?: string;
  /** Beside the heading: controls of the page around it (a way back, say). */
  tools?: ReactNode;
  className?: string;
  /** Whether the reader may write, known before the thread opens (offline, say). */
  canPost?: boolean;
}

const NO_ABILITIES = {
  read: false,
  comment: false,
  moderate: false,
  resolve: false,
  translate: false,
  addTranslation: false,
  reportTranslation: false,
  correctTranslation: false,
};

/** Replies sit under their top-level message; a reply whose parent is not loaded stands alone. */
function byParent(messages: MessageView[]) {
  const ids = new Set(messages.map((m) => m.id));
  const replies = new Map<string, MessageView[]>();
  const top: MessageView[] = [];
  for (const m of messages) {
    if (m.replyTo && ids.has(m.replyTo)) replies.set(m.replyTo, [...(replies.get(m.replyTo) ?? []), m]);
    else top.push(m);
  }
  return { top, replies };
}

/**
 * A discussion thread (a room's chat, a priority's comments): messages as safe Markdown in their
 * own direction, replies under their message, reactions, edit and delete, pins at the top,
 * moderation, search, who is typing, and a composer whose text is never lost.
 */
export function ThreadPanel({ id, subject, me, title, tools, className, canPost = false }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const state = useThread(subject);
  const { thread, messages, outgoing, hasMore, loading, loadingOlder, error, typing, loadOlder, send } = state;
  const { hasNewer, loadingNewer, loadNewer, newWhileAway, windowKey } = state;
  const [posted, setPosted] = useState(0);
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const newest = outgoing.at(-1)?.clientId ?? messages.at(-1)?.id;
  const listRef = useThreadScroll(messages[0]?.id, newest, posted, windowKey);
  useUnloadWarning(outgoing.length > 0);
  const headingId = `${id ?? 'thread'}-title`;
  const section = useRef<HTMLElement>(null);

  const names = useMemo(() => {
    const map = new Map(messages.map((m) => [m.author.id, m.author.name]));
    map.set(me.id, me.name);
    return map;
  }, [messages, me]);
  const context: ThreadContext = {
    me,
    threadId: thread?.id,
    abilities: thread?.abilities ?? NO_ABILITIES,
    act: state.act,
    names,
    reply: (m) => {
      setReplyTo(m);
      section.current?.querySelector<HTMLTextAreaElement>('.composer textarea')?.focus();
    },
  };
  const { top, replies } = byParent(messages);

  /** Once the message is rendered (a few frames at most): scrolls to it and focuses it. */
  const focusMessage = (id: string, highlight: boolean, frames = 20) => {
    requestAnimationFrame(() => {
      const element = document.getElementById(messageElementId(id));
      if (!element) {
        if (frames > 0) focusMessage(id, highlight, frames - 1);
        return;
      }
      element.scrollIntoView({ block: highlight ? 'center' : 'end' });
      element.focus();
      if (!highlight) return;
      element.classList.add('highlight');
      setTimeout(() => element.classList.remove('highlight'), 2500);
    });
  };
  /** A search result or a pinned message: the page around it when it is not in the window. */
  const jumpTo = async (m: Pick<MessageView, 'id' | 'seq'>) => {
    await state.show(m.seq);
    focusMessage(m.id, true);
  };
  const jumpToNewest = async () => {
    const last = await state.toNewest();
    if (last) focusMessage(last.id, false);
  };
  /** Scrolling to the end of a detached window loads the next newer page. */
  const onListScroll = (event: UIEvent<HTMLOListElement>) => {
    const list = event.currentTarget;
    if (hasNewer && !loadingNewer && list.scrollHeight - list.scrollTop - list.clientHeight < 120) void loadNewer();
  };

  const renderMessage = (m: MessageView) => {
    const children = replies.get(m.id);
    return (
      <MessageItem
        key={m.id}
        message={m}
        context={context}
        orphan={Boolean(m.replyTo) && !children && !messages.some((x) => x.id === m.replyTo)}
        replies={
          children && (
            <ol className="replies" aria-label={t('thread.replies', { count: children.length })}>
              {children.map((r) => (
                <MessageItem key={r.id} message={r} context={context} />
              ))}
            </ol>
          )
        }
      />
    );
  };

  return (
    <section
      ref={section}
      id={id}
      className={['thread', className].filter(Boolean).join(' ')}
      aria-labelledby={headingId}
    >
      <div className="thread-head">
        <h2 id={headingId} tabIndex={-1}>
          {title ?? t('thread.title')}
        </h2>
        {thread && <ThreadSearch threadId={thread.id} onJump={(m) => void jumpTo(m)} />}
        {tools}
      </div>
      {thread && subject.kind === 'priority' && (
        <ResolveControl thread={thread} onResolve={(r) => void state.resolve(r)} />
      )}
      <NewMessageAnnouncer messages={messages} loading={loading} meId={me.id} windowKey={windowKey} />
      {error && (
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      )}
      <PinnedMessages messages={messages} onJump={(m) => void jumpTo(m)} />
      {hasMore && (
        <button
          type="button"
          className="button-quiet load-older"
          onClick={() => void loadOlder()}
          disabled={loadingOlder}
        >
          {loadingOlder ? t('thread.loadingOlder') : t('thread.loadOlder')}
        </button>
      )}
      {loading ? (
        <p className="muted">{t('app.loading')}</p>
      ) : messages.length === 0 && outgoing.length === 0 ? (
        <p className="muted">{t('thread.empty')}</p>
      ) : null}
      {/* a scrolling region: focusable so keyboard users can scroll it */}
      <ol ref={listRef} className="messages" aria-label={t('thread.messages')} tabIndex={0} onScroll={onListScroll}>
        {top.map(renderMessage)}
        {outgoing.map((m) => (
          <li key={m.clientId} className="message mine pending">
            <MessageBody body={m.body} />
            {m.state === 'sending' ? (
              <span className="muted">{t('thread.sending')}</span>
            ) : m.state === 'queued' ? (
              <span className="muted">{t('thread.queued')}</span>
            ) : (
              <span className="error">
                {m.error?.code === 'posting_too_fast'
                  ? t('threads.postingTooFast')
                  : t('thread.failed', { reason: errorMessage(m.error) })}{' '}
                <button type="button" className="button-quiet" onClick={() => void send(m)}>
                  {t('thread.retry')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {hasNewer && (
        <div className="thread-detached">
          <button
            type="button"
            className="button-quiet button-small load-newer"
            onClick={() => void loadNewer()}
            disabled={loadingNewer}
          >
            {loadingNewer ? t('thread.loadingOlder') : t('thread.loadNewer')}
          </button>
          <span role="status" className="muted">
            {newWhileAway > 0 ? t('thread.newWhileAway', { count: newWhileAway }) : null}
          </span>
          <button type="button" className="button-small jump-newest" onClick={() => void jumpToNewest()}>
            {t('thread.jumpToNewest')}
          </button>
        </div>
      )}
      <TypingIndicator people={typing} />
      {(thread ? thread.abilities.comment : canPost) && (
        <Composer
          draftKey={subjectKey(subject)}
          threadId={thread?.id}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          send={send}
          typingNow={state.typingNow}
          onPosted={() => {
            setPosted((n) => n + 1);
            // one's own message is at the newest: a detached window goes back there to show it
            if (hasNewer) void jumpToNewest();
          }}
        />
      )}
    </section>
  );
}
