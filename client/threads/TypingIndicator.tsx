import { useTranslation } from 'react-i18next';
import type { PersonRef } from '../../shared/schemas/threads';

/** "Amina is typing…" for the others writing in the thread now (announced politely). */
export function TypingIndicator({ people }: { people: PersonRef[] }) {
  const { t, i18n } = useTranslation();
  const names = people.map((p) => p.name || t('thread.formerMember'));
  const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(names);
  return (
    <p className="typing muted" aria-live="polite">
      {names.length > 0 ? t('thread.typing', { count: names.length, names: list }) : null}
    </p>
  );
}
