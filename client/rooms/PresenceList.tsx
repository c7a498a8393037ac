import { useTranslation } from 'react-i18next';
import type { PresenceEntry } from '../../shared/schemas/rooms';

interface Props {
  id?: string;
  presence: PresenceEntry[];
  meId: string;
}

export function PresenceList({ id, presence, meId }: Props) {
  const { t } = useTranslation();
  return (
    <section id={id} className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title">
        {t('room.presence')} <span className="count">({t('room.presenceCount', { count: presence.length })})</span>
      </h2>
      <ul aria-label={t('room.presence')}>
        {presence.map((p) => (
          <li key={p.userId}>
            <span className="avatar" style={{ backgroundColor: p.color }} aria-hidden="true" />
            <bdi>{p.name}</bdi>
            {p.userId === meId && <span className="muted"> ({t('room.you')})</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
