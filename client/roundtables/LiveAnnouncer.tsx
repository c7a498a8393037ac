import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../shared/roundtables/schemas';

/**
 * Tells screen-reader users, politely, who now has the floor and when a poll opens: the
 * moments a participant who is not looking at the screen must not miss. Visually hidden.
 */
export function LiveAnnouncer({ state }: { state: LiveState }) {
  const { t } = useTranslation();
  const [said, setSaid] = useState('');
  const seen = useRef<{ speaker: string | null; polls: Set<string> } | null>(null);
  const speaker = state.speaker ? `${state.speaker.userId}:${state.speaker.since}` : null;
  const open = state.polls.filter((p) => p.status === 'open');

  useEffect(() => {
    // what is already there when the page opens is on screen, not news
    if (!seen.current) {
      seen.current = { speaker, polls: new Set(open.map((p) => p.id)) };
      return;
    }
    const news: string[] = [];
    if (speaker && speaker !== seen.current.speaker && state.speaker)
      news.push(t('roundtables.live.announceSpeaker', { name: state.speaker.name }));
    for (const p of open)
      if (!seen.current.polls.has(p.id)) news.push(t('roundtables.live.announcePoll', { question: p.question }));
    seen.current = { speaker, polls: new Set(open.map((p) => p.id)) };
    if (news.length > 0) setSaid(news.join(' '));
  }, [speaker, open, state.speaker, t]);

  return (
    <p className="visually-hidden" role="status" aria-live="polite">
      {said}
    </p>
  );
}
