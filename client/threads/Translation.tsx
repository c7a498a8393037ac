import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/errors';
import type { MessageView } from '../../shared/schemas/threads';
import { MESSAGE_MAX_LENGTH, TRANSLATION_REPORT_MAX_LENGTH } from '../../shared/schemas/threadLimits';
import type { TranslationAnswer } from '../../shared/schemas/translations';
import { getSocket, request } from '../app/socket';
import { useErrorMessage } from '../ui/useErrorMessage';
import './translation.css';

/** The thread a message belongs to, as the events name it. */
export type ThreadRef = { threadId: string } | { roomId: string };

/** A reader is offered a translation when the message is in another language (or one not recorded). */
export function wantsTranslation(message: Pick<MessageView, 'language'>, readerLanguage: string): boolean {
  return !message.language || message.language !== readerLanguage;
}

/**
 * A message's body, with "Show translation" for a reader whose language differs: the human
 * translation when there is one, else a machine one; "Show original" is always one click away.
 * Also: out-of-date marking, the translator's name, reporting an error, adding or (moderators)
 * correcting a translation. `children` is the original as the thread renders it.
 */
export function Translation({
  message,
  thread,
  children,
}: {
  message: MessageView;
  thread: ThreadRef;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [shown, setShown] = useState(false);
  const [answer, setAnswer] = useState<TranslationAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [form, setForm] = useState<'none' | 'add' | 'correct' | 'report'>('none');
  const [notice, setNotice] = useState<'none' | 'reported' | 'saved'>('none');
  const errorMessage = useErrorMessage();
  // named as in a sentence of that language ("en français"), which a list's capitalised name is not; our own
  // word, since some browsers lack the data to name Albanian or Macedonian in themselves
  const languageName = t('translation.thisLanguage');

  const threadId = 'threadId' in thread ? thread.threadId : undefined;
  const roomId = 'roomId' in thread ? thread.roomId : undefined;
  const load = useCallback(
    async (refresh = false) => {
      setBusy(true);
      const ref = threadId ? { threadId } : { roomId };
      const ack = await request('thread:translate', { ...ref, messageId: message.id, language, refresh });
      setBusy(false);
      if (!ack.ok) return setError(ack.error);
      setError(null);
      setAnswer(ack.data);
    },
    [message.id, language, threadId, roomId],
  );

  // asked again after an edit (editedAt): the stored translation is then out of date
  useEffect(() => {
    if (shown) void load();
  }, [shown, load, message.editedAt]);

  // someone added or corrected a translation of this message into this language
  useEffect(() => {
    if (!shown) return;
    const socket = getSocket();
    const onTranslated = (e: { messageId: string; language: string }) => {
      if (e.messageId === message.id && e.language === language) void load();
    };
    socket.on('thread:translated', onTranslated);
    return () => {
      socket.off('thread:translated', onTranslated);
    };
  }, [shown, load, message.id, language]);

  if (message.deleted || message.redacted || !wantsTranslation(message, language)) return <>{children}</>;

  const translation = answer?.translation ?? null;
  const abilities = answer?.abilities;
  const save = async (body: string) => {
    const event = form === 'correct' ? 'thread:translation-correct' : 'thread:translation-add';
    const ack = await request(event, { ...thread, messageId: message.id, language, body });
    if (!ack.ok) return setError(ack.error);
    setError(null);
    setForm('none');
    setNotice('saved');
    await load();
  };
  const report = async (reason: string) => {
    if (!translation) return;
    const ack = await request('thread:translation-report', {
      ...thread,
      messageId: message.id,
      language,
      translationId: translation.id,
      reason,
    });
    if (!ack.ok) return setError(ack.error);
    setError(null);
    setForm('none');
    setNotice('reported');
  };

  if (!shown) {
    return (
      <>
        {children}
        <div className="translation">
          <button type="button" className="button-quiet button-small" onClick={() => setShown(true)}>
            {t('translation.show')}
          </button>
        </div>
      </>
    );
  }

  const mayAdd =
    abilities?.addTranslation && (!translation || translation.source === 'machine' || translation.outOfDate);
  return (
    <div className="translation">
      {busy && !answer ? (
        <p className="muted" role="status">
          {t('translation.loading')}
        </p>
      ) : translation ? (
        <p className="translation-text" dir="auto" lang={translation.language}>
          {translation.body}
        </p>
      ) : (
        children
      )}
      <div className="translation-meta">
        {translation &&
          (translation.translator ? (
            <span>{t('translation.byPerson', { name: translation.translator.name })}</span>
          ) : (
            <span>{t('translation.machine', { language: languageName })}</span>
          ))}
        {translation?.outOfDate && <span>{t('translation.outOfDate')}</span>}
        {answer && !translation && answer.machine !== 'unavailable' && (
          <span>{t('translation.none', { language: languageName })}</span>
        )}
        <button type="button" className="button-quiet button-small" onClick={() => setShown(false)}>
          {t('translation.showOriginal')}
        </button>
        {translation?.outOfDate && answer?.machine === 'ok' && (
          <button type="button" className="button-quiet button-small" disabled={busy} onClick={() => void load(true)}>
            {t('translation.refresh')}
          </button>
        )}
        {answer?.machine === 'unavailable' && (
          <button type="button" className="button-quiet button-small" disabled={busy} onClick={() => void load(true)}>
            {t('translation.tryAgain')}
          </button>
        )}
        {mayAdd && form === 'none' && (
          <button type="button" className="button-quiet button-small" onClick={() => setForm('add')}>
            {t('translation.add')}
          </button>
        )}
        {translation && abilities?.reportTranslation && form === 'none' && notice !== 'reported' && (
          <button type="button" className="button-quiet button-small" onClick={() => setForm('report')}>
            {t('translation.report')}
          </button>
        )}
        {translation && abilities?.correctTranslation && form === 'none' && (
          <button type="button" className="button-quiet button-small" onClick={() => setForm('correct')}>
            {t('translation.correct')}
          </button>
        )}
      </div>
      {answer?.machine === 'unavailable' && (
        <p className="muted" role="status">
          {t('translation.unavailable')}
        </p>
      )}
      {translation && translation.reports.length > 0 && (
        <div>
          <p className="translation-meta">{t('translation.reportsTitle')}</p>
          <ul className="translation-reports">
            {translation.reports.map((r) => (
              <li key={r.id} dir="auto">
                {t('translation.reportItem', { name: r.by.name, reason: r.reason })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {notice !== 'none' && (
        <p className="muted" role="status">
          {notice === 'reported' ? t('translation.reported') : t('translation.saved')}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      )}
      {(form === 'add' || form === 'correct') && (
        <TextForm
          label={t('translation.formLabel', { language: languageName })}
          submit={t('translation.save')}
          initial={form === 'correct' ? (translation?.body ?? '') : ''}
          lang={language}
          max={MESSAGE_MAX_LENGTH}
          onCancel={() => setForm('none')}
          onSubmit={save}
        />
      )}
      {form === 'report' && (
        <TextForm
          label={t('translation.reportReason')}
          submit={t('translation.sendReport')}
          initial=""
          max={TRANSLATION_REPORT_MAX_LENGTH}
          onCancel={() => setForm('none')}
          onSubmit={report}
        />
      )}
    </div>
  );
}

/** A labelled text area with send and cancel: a translation, or what is wrong with one. */
function TextForm(props: {
  label: string;
  submit: string;
  initial: string;
  lang?: string;
  max: number;
  onCancel: () => void;
  onSubmit: (text: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(props.initial);
  const [sending, setSending] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setSending(true);
    await props.onSubmit(text.trim());
    setSending(false);
  };
  return (
    <form className="translation-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        dir="auto"
        lang={props.lang}
        rows={3}
        maxLength={props.max}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="actions">
        <button type="submit" className="button-small" disabled={sending || !text.trim()}>
          {props.submit}
        </button>
        <button type="button" className="button-quiet button-small" onClick={props.onCancel}>
          {t('translation.cancel')}
        </button>
      </div>
    </form>
  );
}
