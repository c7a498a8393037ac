import { useTranslation } from 'react-i18next';
import { RoomContext } from './RoomContext';
import { Link } from 'react-router';
import { UnreadBadge } from '../threads/NotificationsMenu';
import { useUnread } from '../threads/useNotifications';
import { GroupList } from '../network/GroupList';
import { UpcomingRoundtables } from '../roundtables/UpcomingRoundtables';
import { useErrorMessage } from '../ui/useErrorMessage';
import { usePageTitle } from '../app/usePageTitle';
import { usePlaceNames } from '../ui/usePlaceNames';
import { useApiData } from '../ui/useApiData';

export function RoomsPage() {
  const { t } = useTranslation();
  usePageTitle(t('rooms.title'));
  const names = usePlaceNames();
  const errorMessage = useErrorMessage();
  const { data, error } = useApiData('GET /api/rooms');
  // the upcoming roundtables go above the rooms: the page waits for both (or for their failure,
  // which only leaves them out), so a room never moves away from a click aimed at it
  const upcoming = useApiData('GET /api/roundtables');

  if (error)
    return (
      <p role="alert" className="page-status error">
        {errorMessage(error)}
      </p>
    );
  if (!data || (!upcoming.data && !upcoming.error)) return <p className="page-status">{t('app.loading')}</p>;
  const { rooms } = data;
  return (
    <section className="rooms-page">
      <h1>{t('rooms.title')}</h1>
      {upcoming.data && <UpcomingRoundtables roundtables={upcoming.data.roundtables} onChanged={upcoming.reload} />}
      {rooms.length === 0 ? (
        <p>{t('rooms.empty')}</p>
      ) : (
        <ul className="room-list">
          {rooms.map((room) => (
            <li key={room.id}>
              <Link to={`/rooms/${room.id}`} aria-label={t('rooms.open', { title: room.title })}>
                <bdi dir="auto" className="room-title">
                  {room.title}
                </bdi>
              </Link>
              <RoomUnread roomId={room.id} />
              <p className="room-meta">
                <RoomContext room={room} />
                {' · '}
                {t('rooms.languages')}: {names.languageList(room.languages)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <GroupList />
    </section>
  );
}

/** Unread messages in a room's chat, beside its name. */
function RoomUnread({ roomId }: { roomId: string }) {
  return <UnreadBadge {...useUnread((s) => s.kind === 'room' && s.roomId === roomId)} />;
}
