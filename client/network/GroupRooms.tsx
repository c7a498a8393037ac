import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GroupView } from '../../shared/schemas/network';
import { NewRoomForm } from './NewRoomForm';

/** The group's roundtable rooms, and for hub staff a form to open a new one. */
export function GroupRooms({ group }: { group: GroupView }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="group-rooms-title">
      <h2 id="group-rooms-title">{t('groups.rooms')}</h2>
      {group.rooms.length === 0 ? (
        <p className="muted">{t('groups.noRooms')}</p>
      ) : (
        <ul className="link-list">
          {group.rooms.map((room) => (
            <li key={room.id}>
              <Link to={`/rooms/${room.id}`}>
                <bdi dir="auto">{room.title}</bdi>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {group.abilities.createRoom && <NewRoomForm groupId={group.id} />}
    </section>
  );
}
