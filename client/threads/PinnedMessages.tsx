import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../shared/schemas/threads';
import { plainExcerpt } from './markdown';

const EXCERPT = 90;

/** Pinned messages at the top of the thread; each jumps to its place. */
export function PinnedMessages({ messages, onJump }: { messages: MessageView[]; onJump: (m: MessageView) => void }) {
  const { t } = useTranslation();
  const pinned = messages.filter((m) => m.pinned && !m.deleted);
  if (pinned.length === 0) return null;
  return (
    <section className="pinned-messages" aria-label={t('thread.pinned')}>
      <h3>{t('thread.pinned')}</h3>
      <ul>
        {pinned.map((m) => (
          <li key={m.id}>
            <button type="button" className="button-quiet pinned-item" onClick={() => onJump(m)}>
              <bdi className="author">{m.author.name || t('thread.formerMember')}</bdi>
              {': '}
              <span dir="auto">{m.redacted ? t('threads.hiddenForYou') : plainExcerpt(m.body, EXCERPT)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
