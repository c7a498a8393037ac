import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/errors';
import type { MessageVersionView, MessageView } from '../../shared/schemas/threads';
import { HIDE_REASON_MAX_LENGTH } from '../../shared/schemas/threadLimits';
import { request } from '../app/socket';
import { useDateFormat } from '../ui/useDateFormat';
import { useErrorMessage } from '../ui/useErrorMessage';
import { MessageBody } from './MessageBody';
import type { ThreadContext } from './ThreadContext';

type Open = 'none' | 'delete' | 'hide' | 'versions';

/**
 * What the reader may do with a message, as plain buttons (each names the message's author for
 * screen readers): reply, edit and delete one's own; moderators pin, hide with a reason, delete
 * anyone's and read earlier versions.
 */
export function MessageActions({
  message: m,
  context,
  onEdit,
}: {
  message: MessageView;
  context: ThreadContext;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [open, setOpenState] = useState<Open>('none');
  const box = useRef<HTMLDivElement>(null);
  /** Closing a confirmation or form puts the focus back on the button that opened it. */
  const setOpen = (next: Open) => {
    if (next === 'none' && open !== 'none') {
      requestAnimationFrame(() => box.current?.querySelector<HTMLElement>(`[data-action="${open}"]`)?.focus());
    }
    setOpenState(next);
  };
  const [error, setError] = useState<ApiError | null>(null);
  const { abilities, me } = context;
  const mine = m.author.id === me.id;
  const live = !m.deleted;
  const name = m.author.name || t('thread.formerMember');
  const run = async (pending: Promise<{ ok: boolean; error?: ApiError }>) => {
    const ack = await pending;
    setError(ack.ok ? null : (ack.error ?? null));
    if (ack.ok) setOpen('none');
  };
  const about = t('thread.messageBy', { name });
  /** One action; its name says whose message it acts on. `opens` names the form it opens, if any. */
  const action = (label: string, onClick: () => void, opens?: Open, whose = about) => (
    <button
      key={label}
      data-action={opens}
      type="button"
      aria-expanded={opens ? open === opens : undefined}
      onClick={onClick}
    >
      {label}
      <span className="visually-hidden"> {whose}</span>
    </button>
  );
  const buttons = [
    live &&
      !m.replyTo &&
      abilities.comment &&
      !m.redacted &&
      action(t('thread.reply'), () => context.reply(m), undefined, t('thread.toMessageBy', { name })),
    live && mine && abilities.comment && action(t('thread.edit'), onEdit, undefined, t('thread.yourMessage')),
    live &&
      (mine ? abilities.comment : abilities.moderate) &&
      action(t('thread.delete'), () => setOpen('delete'), 'delete'),
    live &&
      abilities.moderate &&
      action(
        m.pinned ? t('thread.unpin') : t('thread.pin'),
        () => void run(context.act('thread:pin', { messageId: m.id, pinned: !m.pinned })),
      ),
    live &&
      abilities.moderate &&
      (m.hidden
        ? action(t('thread.unhide'), () => void run(context.act('thread:hide', { messageId: m.id, hidden: false })))
        : action(t('thread.hide'), () => setOpen('hide'), 'hide')),
    abilities.moderate &&
      (m.editedAt || m.deleted) &&
      action(t('thread.versions'), () => setOpen('versions'), 'versions'),
  ].filter(Boolean);
  if (buttons.length === 0) return null;
  return (
    <div
      ref={box}
      className="message-actions"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open !== 'none') setOpen('none');
      }}
    >
      <div className="message-buttons" role="group" aria-label={t('thread.actionsFor', { name })}>
        {buttons}
      </div>
      {open === 'delete' && (
        <p className="confirm" role="group" aria-label={t('thread.deleteConfirm')}>
          {t('thread.deleteConfirm')}{' '}
          <button
            type="button"
            className="button-danger"
            autoFocus
            onClick={() => void run(context.act('thread:delete', { messageId: m.id }))}
          >
            {t('thread.delete')}
          </button>{' '}
          <button type="button" className="button-quiet" onClick={() => setOpen('none')}>
            {t('thread.cancel')}
          </button>
        </p>
      )}
      {open === 'hide' && (
        <HideForm
          onCancel={() => setOpen('none')}
          onHide={(reason) => run(context.act('thread:hide', { messageId: m.id, hidden: true, reason }))}
        />
      )}
      {open === 'versions' && <Versions message={m} onClose={() => setOpen('none')} />}
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}

function HideForm({ onHide, onCancel }: { onHide: (reason: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) void onHide(reason.trim());
  };
  return (
    <form className="hide-form" onSubmit={submit}>
      <label className="field">
        <span>{t('thread.hideReason')}</span>
        <input
          value={reason}
          maxLength={HIDE_REASON_MAX_LENGTH}
          required
          autoFocus
          dir="auto"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <button type="submit" disabled={!reason.trim()}>
        {t('thread.hide')}
      </button>{' '}
      <button type="button" className="button-quiet" onClick={onCancel}>
        {t('thread.cancel')}
      </button>
    </form>
  );
}

/** Earlier texts of an edited or deleted message (moderators). */
function Versions({ message, onClose }: { message: MessageView; onClose: () => void }) {
  const { t } = useTranslation();
  const time = useDateFormat();
  const headingId = useId();
  const [versions, setVersions] = useState<MessageVersionView[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void request('thread:versions', { threadId: message.threadId, messageId: message.id }).then((ack) =>
      ack.ok ? setVersions(ack.data) : setFailed(true),
    );
  }, [message.threadId, message.id, message.changeSeq]);
  return (
    <section className="versions" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('thread.versions')}</h3>
      {failed && <p className="error">{t('errors.generic')}</p>}
      {versions === null && !failed && <p className="muted">{t('app.loading')}</p>}
      {versions?.length === 0 && <p className="muted">{t('thread.noVersions')}</p>}
      <ol>
        {versions?.map((v) => (
          <li key={v.replacedAt}>
            <p className="muted">
              {t(v.reason === 'edited' ? 'thread.replacedAt' : 'thread.removedAt', { when: time(v.replacedAt) })}
            </p>
            <MessageBody body={v.body} />
          </li>
        ))}
      </ol>
      <button type="button" className="button-quiet" onClick={onClose}>
        {t('thread.close')}
      </button>
    </section>
  );
}
