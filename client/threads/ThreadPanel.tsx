import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/schemas/auth';
import { MESSAGE_MAX_LENGTH, type MessageView } from '../../shared/schemas/threads';
import { useErrorMessage } from '../ui/useErrorMessage';
import { useUnloadWarning } from '../ui/useUnloadWarning';
import { ComposerLanguage } from './ComposerLanguage';
import { useDraft } from './useDraft';
import { MessageBody } from './MessageBody';
import { NewMessageAnnouncer } from './NewMessageAnnouncer';
import { Translation } from './Translation';
import { useThread } from './useThread';
import { useThreadScroll } from './useThreadScroll';

interface Props {
  id?: string;
  roomId: string;
  me: Me;
  canPost: boolean;
}

/** The room's discussion thread. User text is rendered as text (never HTML), in its own direction. */
export function ThreadPanel({ id, roomId, me, canPost }: Props) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const { messages, outgoing, hasMore, loading, loadingOlder, error, loadOlder, send } = useThread(roomId);
  const [draft, setDraft] = useDraft(roomId);
  const [posted, setPosted] = useState(0);
  const [language, setLanguage] = useState(i18n.language);
  const newest = outgoing.at(-1)?.clientId ?? messages.at(-1)?.id;
  const listRef = useThreadScroll(messages[0]?.id, newest, posted);
  const tooLong = draft.length > MESSAGE_MAX_LENGTH;
  useUnloadWarning(outgoing.length > 0);
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const body = draft.trim();
    if (!body || tooLong) return;
    setDraft('');
    setPosted((n) => n + 1);
    void send(body, undefined, language);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  const renderMessage = (m: MessageView) => (
    <li key={m.id} className={m.author.id === me.id ? 'message mine' : 'message'}>
      <div className="message-head">
        {m.author.name ? (
          <bdi className="author">{m.author.name}</bdi>
        ) : (
          <span className="author former">{t('thread.formerMember')}</span>
        )}
        <time dateTime={m.createdAt}>{time.format(new Date(m.createdAt))}</time>
        {m.editedAt && !m.deleted && <span className="muted">{t('threads.edited')}</span>}
      </div>
      {m.deleted ? (
        <p className="muted message-body">{t('threads.deleted')}</p>
      ) : m.redacted ? (
        <p className="muted message-body">{t('threads.hiddenForYou')}</p>
      ) : (
        <>
          <Translation message={m} thread={{ roomId }}>
            <MessageBody body={m.body} />
          </Translation>
          {m.hidden && <p className="muted">{t('threads.hiddenMarked', { reason: m.hidden.reason ?? '' })}</p>}
        </>
      )}
    </li>
  );

  return (
    <section id={id} className="thread" aria-labelledby="thread-title">
      <h2 id="thread-title">{t('thread.title')}</h2>
      <NewMessageAnnouncer messages={messages} loading={loading} meId={me.id} />
      {error && (
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      )}
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
      <ol ref={listRef} className="messages" aria-label={t('thread.messages')} tabIndex={0}>
        {messages.map(renderMessage)}
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
                <button
                  type="button"
                  className="button-quiet"
                  onClick={() => void send(m.body, m.clientId, m.language)}
                >
                  {t('thread.retry')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {canPost && (
        <form className="composer" onSubmit={submit}>
          <textarea
            aria-label={t('thread.compose')}
            placeholder={t('thread.compose')}
            dir="auto"
            rows={3}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            aria-invalid={tooLong}
          />
          {tooLong && <p className="error">{t('thread.tooLong', { max: MESSAGE_MAX_LENGTH })}</p>}
          <div className="composer-actions">
            <ComposerLanguage value={language} onChange={setLanguage} />
            <button type="submit" disabled={!draft.trim() || tooLong}>
              {t('thread.send')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
