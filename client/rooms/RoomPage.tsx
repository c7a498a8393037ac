import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RoomContext } from './RoomContext';
import { Link, useParams } from 'react-router';
import { useSession } from '../app/session';
import { ThreadPanel } from '../threads/ThreadPanel';
import { useErrorMessage } from '../ui/useErrorMessage';
import { Editor } from './Editor';
import { PresenceList } from './PresenceList';
import { roomPanelId, RoomTabs, type RoomView } from './RoomTabs';
import { useCollab } from './useCollab';
import { useRoom } from './useRoom';

/** A live roundtable: the shared document, who is here, and the discussion thread. */
export function RoomPage() {
  const { roomId = '' } = useParams();
  const { t } = useTranslation();
  const { me } = useSession();
  const errorMessage = useErrorMessage();
  const { room, presence, error } = useRoom(roomId);
  const { collab, status } = useCollab(room?.documentName);
  const [view, setView] = useState<RoomView>('document');

  if (error) {
    return (
      <div className="page-status">
        <p role="alert">{error.code === 'not_found' ? t('app.notFound') : errorMessage(error)}</p>
        <Link to="/">{t('app.backToRooms')}</Link>
      </div>
    );
  }
  if (!room || !me) return <p className="page-status">{t('app.loading')}</p>;
  return (
    <div className={`room-page room-view-${view}`}>
      <div className="room-header">
        <h1 dir="auto">{room.title}</h1>
        <p className="room-meta">
          <RoomContext room={room} />
        </p>
      </div>
      <RoomTabs value={view} onChange={setView} />
      <section className="document" id={roomPanelId('document')} aria-label={t('room.document')}>
        <p className={`save-status save-status-${status}`} role="status" aria-live="polite">
          {t(`room.status.${status}`)}
        </p>
        {collab && <Editor collab={collab} user={{ name: me.name, color: me.color }} editable={room.canEdit} />}
        {!room.canEdit && <p className="muted">{t('room.readOnly')}</p>}
      </section>
      <aside className="sidebar">
        <PresenceList id={roomPanelId('people')} presence={presence} meId={me.id} />
        <ThreadPanel id={roomPanelId('discussion')} roomId={room.id} me={me} canPost={room.canComment} />
      </aside>
    </div>
  );
}
