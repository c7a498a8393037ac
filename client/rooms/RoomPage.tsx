import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RoomContext } from './RoomContext';
import { Link, useParams } from 'react-router';
import { useSession } from '../app/session';
import { ThreadPanel } from '../threads/ThreadPanel';
import { useErrorMessage } from '../ui/useErrorMessage';
import { PresenceList } from './PresenceList';
import { useCollab } from './useCollab';
import { useRoom } from './useRoom';

// The editor (Tiptap, ProseMirror) is most of the room's code: the page and the document's sync start
// while it downloads, so the room shows its title, people and thread first.
const loadEditor = () => import('./Editor');
const Editor = lazy(() => loadEditor().then((m) => ({ default: m.Editor })));

/** A live roundtable: the shared document, who is here, and the discussion thread. */
export function RoomPage() {
  const { roomId = '' } = useParams();
  const { t } = useTranslation();
  const { me } = useSession();
  const errorMessage = useErrorMessage();
  const { room, presence, error } = useRoom(roomId);
  const { collab, status } = useCollab(room?.documentName);
  useEffect(() => {
    void loadEditor();
  }, []);

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
    <div className="room-page">
      <div className="room-header">
        <h1 dir="auto">{room.title}</h1>
        <p className="room-meta">
          <RoomContext room={room} />
        </p>
      </div>
      <section className="document" aria-label={t('room.document')}>
        <p className={`save-status save-status-${status}`} role="status" aria-live="polite">
          {t(`room.status.${status}`)}
        </p>
        {collab && (
          <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
            <Editor collab={collab} user={{ name: me.name, color: me.color }} editable={room.abilities.edit} />
          </Suspense>
        )}
        {!room.abilities.edit && <p className="muted">{t('room.readOnly')}</p>}
      </section>
      <aside className="sidebar">
        <PresenceList presence={presence} meId={me.id} />
        <ThreadPanel roomId={room.id} me={me} canPost={room.abilities.comment} />
      </aside>
    </div>
  );
}
