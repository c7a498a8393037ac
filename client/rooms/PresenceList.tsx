import { useTranslation } from 'react-i18next';
import type { PresenceEntry } from '../../shared/schemas/rooms';

export function PresenceList({ presence, meId }: { presence: PresenceEntry[]; meId: string }) {
  const { t } = useTranslation();
  return (
    <section className="presence" aria-labelledby="presence-title">
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
