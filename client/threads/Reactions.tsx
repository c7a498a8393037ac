import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../shared/schemas/threads';
import { useFormat } from '../ui/useFormat';
import { REACTIONS, type ThreadContext } from './ThreadContext';

const ADD_REACTION_ICON = '☺+';

/** A message's reactions (who reacted in the tooltip); a reader who may comment toggles their own. */
export function Reactions({ message: m, context }: { message: MessageView; context: ThreadContext }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [picking, setPicking] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  const pickerId = useId();
  const canReact = context.abilities.comment;
  const toggle = (emoji: string, on: boolean) => {
    if (picking) addButton.current?.focus();
    setPicking(false);
    void context.act('thread:react', { messageId: m.id, emoji, on });
  };
  const who = (userIds: string[]) =>
    userIds.map((id) => (id === context.me.id ? t('thread.you') : (context.names.get(id) ?? t('thread.someone'))));
  const reactions = m.reactions.filter((r) => r.userIds.length > 0);
  if (reactions.length === 0 && !canReact) return null;
  return (
    <div className="reactions" role="group" aria-label={t('thread.reactions')}>
      {reactions.map((r) => {
        const mine = r.userIds.includes(context.me.id);
        const names = format.list(who(r.userIds));
        const label = t('thread.reactedWith', { emoji: r.emoji, count: r.userIds.length, names });
        return (
          <button
            key={r.emoji}
            type="button"
            className={mine ? 'reaction mine' : 'reaction'}
            aria-pressed={mine}
            aria-label={label}
            title={label}
            disabled={!canReact}
            onClick={() => toggle(r.emoji, !mine)}
          >
            <span aria-hidden="true">{r.emoji}</span> <span aria-hidden="true">{r.userIds.length}</span>
          </button>
        );
      })}
      {canReact && (
        <>
          <button
            ref={addButton}
            type="button"
            className="reaction add-reaction"
            aria-expanded={picking}
            aria-controls={pickerId}
            aria-label={t('thread.addReaction')}
            title={t('thread.addReaction')}
            onClick={() => setPicking((p) => !p)}
          >
            <span aria-hidden="true">{ADD_REACTION_ICON}</span>
          </button>
          {picking && (
            <span
              id={pickerId}
              className="reaction-picker"
              onKeyDown={(e) => {
                if (e.key !== 'Escape') return;
                setPicking(false);
                addButton.current?.focus();
              }}
            >
              {REACTIONS.map((emoji) => {
                const mine = m.reactions.some((r) => r.emoji === emoji && r.userIds.includes(context.me.id));
                return (
                  <button
                    key={emoji}
                    type="button"
                    className="reaction"
                    aria-pressed={mine}
                    aria-label={t('thread.reactWith', { emoji })}
                    onClick={() => toggle(emoji, !mine)}
                  >
                    {emoji}
                  </button>
                );
              })}
            </span>
          )}
        </>
      )}
    </div>
  );
}
