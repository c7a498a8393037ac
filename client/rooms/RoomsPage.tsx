import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RoomContext } from './RoomContext';
import { Link } from 'react-router';
import { UnreadBadge } from '../threads/NotificationsMenu';
import { useUnread } from '../threads/useNotifications';
import type { RoomView } from '../../shared/schemas/rooms';
import { api } from '../app/api';
import { GroupList } from '../network/GroupList';
import { UpcomingRoundtables } from '../roundtables/UpcomingRoundtables';
import { useErrorMessage } from '../ui/useErrorMessage';
import { usePageTitle } from '../app/usePageTitle';
import { usePlaceNames } from '../ui/usePlaceNames';

export function RoomsPage() {
  const { t } = useTranslation();
  usePageTitle(t('rooms.title'));
  const names = usePlaceNames();
  const errorMessage = useErrorMessage();
  const [rooms, setRooms] = useState<RoomView[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api('GET /api/rooms').then(({ rooms }) => setRooms(rooms), setError);
  }, []);

  if (error)
    return (
      <p role="alert" className="page-status error">
        {errorMessage(error)}
      </p>
    );
  if (!rooms) return <p className="page-status">{t('app.loading')}</p>;
  return (
    <section className="rooms-page">
      <h1>{t('rooms.title')}</h1>
      <UpcomingRoundtables />
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
