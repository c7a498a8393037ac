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
}: {
  messages: MessageView[];
  loading: boolean;
  meId: string;
}) {
  const { t } = useTranslation();
  const newest = messages.at(-1);
  const [baseline, setBaseline] = useState<string | null>();
  useEffect(() => {
    if (!loading && baseline === undefined) setBaseline(newest?.id ?? null);
  }, [loading, baseline, newest?.id]);
  const fresh = baseline !== undefined && newest && newest.id !== baseline && newest.author.id !== meId ? newest : null;
  const body = fresh ? plainExcerpt(fresh.body, EXCERPT) : undefined;
  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-atomic="true">
      {fresh ? t('thread.announce', { name: fresh.author.name || t('thread.formerMember'), body }) : null}
    </div>
  );
}
