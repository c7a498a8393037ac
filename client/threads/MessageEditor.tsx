import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/errors';
import type { MessageView } from '../../shared/schemas/threads';
import { MESSAGE_MAX_LENGTH } from '../../shared/schemas/threadLimits';
import { useErrorMessage } from '../ui/useErrorMessage';
import type { ThreadContext } from './ThreadContext';

/** Edits one's own message in place; Escape cancels, the earlier text stays for moderators. */
export function MessageEditor({
  message,
  context,
  onDone,
}: {
  message: MessageView;
  context: ThreadContext;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [body, setBody] = useState(message.body);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const tooLong = body.length > MESSAGE_MAX_LENGTH;
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim() || tooLong) return;
    if (body === message.body) return onDone();
    setSaving(true);
    const ack = await context.act('thread:edit', { messageId: message.id, body, language: i18n.language });
    setSaving(false);
    if (ack.ok) onDone();
    else setError(ack.error);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') onDone();
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) void submit(event);
  };
  return (
    <form className="message-editor" onSubmit={(e) => void submit(e)}>
      <textarea
        aria-label={t('thread.editLabel')}
        dir="auto"
        rows={3}
        value={body}
        autoFocus
        aria-invalid={tooLong}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {tooLong && <p className="error">{t('thread.tooLong', { max: MESSAGE_MAX_LENGTH })}</p>}
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <div className="editor-buttons">
        <button type="submit" disabled={saving || !body.trim() || tooLong}>
          {t('thread.save')}
        </button>
        <button type="button" className="button-quiet" onClick={onDone}>
          {t('thread.cancel')}
        </button>
      </div>
    </form>
  );
}
