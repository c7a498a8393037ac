import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../shared/schemas/threads';
import { plainExcerpt } from './markdown';

const EXCERPT = 140;

/**
 * A polite live region: screen readers hear a message someone else posts while the thread is
 * open, without moving focus. History loaded on opening, older pages and one's own posts stay quiet.
 */
export function NewMessageAnnouncer({
  messages,
  loading,
  meId,
  windowKey = 0,
}: {
  messages: MessageView[];
  loading: boolean;
  meId: string;
  /** Changes when a jump replaces the window or a newer page extends it: its newest is not "new". */
  windowKey?: number;
}) {
  const { t } = useTranslation();
  const newest = messages.at(-1);
  const [baseline, setBaseline] = useState<{ id: string | null; windowKey: number }>();
  const current = baseline?.windowKey === windowKey;
  useEffect(() => {
    if (!loading && !current) setBaseline({ id: newest?.id ?? null, windowKey });
  }, [loading, current, newest?.id, windowKey]);
  const fresh = current && newest && newest.id !== baseline.id && newest.author.id !== meId ? newest : null;
  const body = fresh ? plainExcerpt(fresh.body, EXCERPT) : undefined;
  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-atomic="true">
      {fresh ? t('thread.announce', { name: fresh.author.name || t('thread.formerMember'), body }) : null}
    </div>
  );
}
