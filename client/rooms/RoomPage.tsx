import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RoomContext } from './RoomContext';
import { Link, useParams } from 'react-router';
import { useSession } from '../app/session';
import { apiUrl } from '../app/api';
import { ThreadPanel } from '../threads/ThreadPanel';
import { useErrorMessage } from '../ui/useErrorMessage';
import { useUnloadWarning } from '../ui/useUnloadWarning';
import { PresenceList } from './PresenceList';
import { RoomDocument } from './RoomDocument';
import { roomPanelId, RoomTabs, type RoomView } from './RoomTabs';
import { useCollab, useStoredCopy } from './useCollab';
import { useRoom } from './useRoom';
import { NotFoundPage } from '../app/NotFoundPage';
import { usePageTitle } from '../app/usePageTitle';

/** A live roundtable: the shared document, who is here, and the discussion thread. */
export function RoomPage() {
  const { roomId = '' } = useParams();
  const { t } = useTranslation();
  const { me } = useSession();
  const errorMessage = useErrorMessage();
  const { room, presence, error } = useRoom(roomId);
  usePageTitle(room?.title);
  const { collab, status } = useCollab(room?.documentName);
  useStoredCopy(collab, room ? apiUrl('GET /api/rooms/:id/document', { params: { id: room.id } }) : undefined, status);
  const [view, setView] = useState<RoomView>('document');
  useUnloadWarning(status === 'saving' || status === 'offlineUnsaved');
  const heading = useRef<HTMLHeadingElement>(null);
  const openedId = room?.id;
  useEffect(() => {
    // a screen reader starts at the room's name, not at the top of the page
    if (openedId) heading.current?.focus();
  }, [openedId]);

  if (error) {
    if (['not_found', 'bad_request', 'forbidden'].includes(error.code)) return <NotFoundPage />;
    return (
      <div className="page-status">
        <p role="alert">{errorMessage(error)}</p>
        <Link to="/">{t('app.backToRooms')}</Link>
      </div>
    );
  }
  if (!room || !me) return <p className="page-status">{t('app.loading')}</p>;
  return (
    <div className={`room-page room-view-${view}`}>
      <div className="room-header">
        <h1 dir="auto" ref={heading} tabIndex={-1}>
          {room.title}
        </h1>
        <p className="room-meta">
          <RoomContext room={room} />
        </p>
      </div>
      <RoomTabs value={view} onChange={setView} />
      <section className="document" id={roomPanelId('document')} aria-label={t('room.document')}>
        <p className={`save-status save-status-${status}`} role="status" aria-live="polite">
          {t(`room.status.${status}`)}
        </p>
        {/* the document's sync downloads once the room has answered, so the room shows its title,
            people and thread first; the editor after it (RoomDocument) */}
        {collab && (
          <RoomDocument collab={collab} user={{ name: me.name, color: me.color }} editable={room.abilities.edit} />
        )}
        {!room.abilities.edit && <p className="muted">{t('room.readOnly')}</p>}
      </section>
      <aside className="sidebar">
        <PresenceList id={roomPanelId('people')} presence={presence} meId={me.id} />
        <ThreadPanel
          id={roomPanelId('discussion')}
          subject={{ kind: 'room', roomId: room.id }}
          me={me}
          canPost={room.abilities.comment}
        />
      </aside>
    </div>
  );
}
