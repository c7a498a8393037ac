import { useTranslation } from 'react-i18next';
import type { PersonRef } from '../../shared/schemas/threads';
import { useFormat } from '../ui/useFormat';

/** "Amina is typing…" for the others writing in the thread now (announced politely). */
export function TypingIndicator({ people }: { people: PersonRef[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = people.map((p) => p.name || t('thread.formerMember'));
  const list = format.list(names);
  return (
    <p className="typing muted" aria-live="polite">
      {names.length > 0 ? t('thread.typing', { count: names.length, names: list }) : null}
    </p>
  );
}
