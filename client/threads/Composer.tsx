import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView, PersonRef } from '../../shared/schemas/threads';
import { MESSAGE_MAX_LENGTH } from '../../shared/schemas/threadLimits';
import { ComposerLanguage } from './ComposerLanguage';
import { mentionText } from './markdown';
import { useDraft } from './useDraft';
import { mentionQuery, useMentionSuggestions } from './useMentions';
import type { ThreadState } from './useThread';

/** Typing signals go out at most this often (the server drops more). */
const TYPING_EVERY_MS = 2000;

interface Props {
  draftKey: string;
  threadId: string | undefined;
  replyTo: MessageView | null;
  onCancelReply: () => void;
  send: ThreadState['send'];
  typingNow: () => void;
  onPosted: () => void;
}

/**
 * Writes a message: Enter sends, Shift+Enter is a new line; `@` suggests people who may read
 * the thread (arrows, Enter or Tab to pick, Escape to close). The draft lives in localStorage
 * until sent; what was sent waits in the outbox until stored.
 */
export function Composer({ draftKey, threadId, replyTo, onCancelReply, send, typingNow, onPosted }: Props) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useDraft(draftKey);
  const [language, setLanguage] = useState(i18n.language);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [closed, setClosed] = useState(false);
  const [chosen, setChosen] = useState<PersonRef[]>([]);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const lastTyped = useRef(0);
  const listId = useId();
  const tooLong = draft.length > MESSAGE_MAX_LENGTH;
  const mention = closed ? null : mentionQuery(draft, caret);
  const suggestions = useMentionSuggestions(threadId, mention?.query ?? null);
  const open = mention !== null && suggestions.length > 0;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const body = draft.trim();
    if (!body || tooLong) return;
    const mentions = [...new Set(chosen.filter((p) => body.includes(mentionText(p.name))).map((p) => p.id))];
    setDraft('');
    setChosen([]);
    onPosted();
    void send({ body, replyTo: replyTo?.id, mentions, language });
    onCancelReply();
  };
  const pick = (person: PersonRef) => {
    if (!mention) return;
    const inserted = `${mentionText(person.name)} `;
    const next = draft.slice(0, mention.start) + inserted + draft.slice(caret);
    setDraft(next);
    setChosen((list) => [...list.filter((p) => p.id !== person.id), person]);
    const at = mention.start + inserted.length;
    setCaret(at);
    requestAnimationFrame(() => textarea.current?.setSelectionRange(at, at));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
      if (step) {
        event.preventDefault();
        return setActive((i) => (i + step + suggestions.length) % suggestions.length);
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        return pick(suggestions[Math.min(active, suggestions.length - 1)]!);
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        return setClosed(true);
      }
    }
    if (event.key === 'Escape' && replyTo) onCancelReply();
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };
  const onChange = (text: string, at: number) => {
    setDraft(text);
    setCaret(at);
    setClosed(false);
    setActive(0);
    if (text && Date.now() - lastTyped.current > TYPING_EVERY_MS) {
      lastTyped.current = Date.now();
      typingNow();
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      {replyTo && (
        <p className="replying">
          <span>{t('thread.replyingTo', { name: replyTo.author.name || t('thread.formerMember') })}</span>
          <button type="button" className="button-quiet button-small" onClick={onCancelReply}>
            {t('thread.cancelReply')}
          </button>
        </p>
      )}
      <div className="composer-input">
        <textarea
          ref={textarea}
          aria-label={t('thread.compose')}
          placeholder={t('thread.compose')}
          dir="auto"
          rows={3}
          value={draft}
          aria-autocomplete="list"
          aria-controls={listId}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          onChange={(e) => onChange(e.target.value, e.target.selectionStart)}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          aria-invalid={tooLong}
        />
        <ul id={listId} role="listbox" className="mention-list" aria-label={t('thread.mentionPeople')} hidden={!open}>
          {open &&
            suggestions.map((p, i) => (
              <li
                key={p.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(p);
                }}
              >
                <bdi>{p.name}</bdi>
              </li>
            ))}
        </ul>
      </div>
      {tooLong && <p className="error">{t('thread.tooLong', { max: MESSAGE_MAX_LENGTH })}</p>}
      <div className="composer-bar">
        <span className="muted composer-hint">{t('thread.formatHint')}</span>
        <ComposerLanguage value={language} onChange={setLanguage} />
        <button type="submit" disabled={!draft.trim() || tooLong}>
          {t('thread.send')}
        </button>
      </div>
    </form>
  );
}
