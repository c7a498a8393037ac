import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RoundtableView } from '../../shared/roundtables/schemas';
import { RoundtableTime, RsvpBar } from './RoundtableSummary';
import './roundtables.css';

/**
 * The home page's list of the person's upcoming roundtables, with RSVP and the invite. The page
 * loads them with its rooms (they sit above the rooms, and must not push them down later);
 * `onChanged` loads them again after an RSVP.
 */
export function UpcomingRoundtables({
  roundtables,
  onChanged,
}: {
  roundtables: RoundtableView[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  if (roundtables.length === 0) return null;
  return (
    <section aria-labelledby="upcoming-title" className="upcoming">
      <h2 id="upcoming-title">{t('roundtables.upcoming')}</h2>
      <ul className="room-list">
        {roundtables.map((r) => (
          <li key={r.id}>
            <Link to={`/roundtables/${r.id}`}>
              <bdi dir="auto" className="room-title">
                {r.title}
              </bdi>
            </Link>
            <p className="room-meta">
              <bdi>{r.group.name}</bdi>
              {' · '}
              {r.sessions.map((s) => t(`languageNames.${s.language}`)).join(', ')}
            </p>
            <RoundtableTime roundtable={r} />
            <RsvpBar roundtable={r} onChanged={onChanged} />
          </li>
        ))}
      </ul>
    </section>
  );
}
