import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoundtableView } from '../../shared/roundtables/schemas';
import { useSession } from '../app/session';
import { apiUrl } from '../app/api';
import { useCollab, useStoredCopy } from '../rooms/useCollab';
import { useUnloadWarning } from '../ui/useUnloadWarning';

const Editor = lazy(() => import('../rooms/Editor').then((m) => ({ default: m.Editor })));

/** A session's live notes (a `notes-…` document), co-edited beside the queue and the agenda. */
export function NotesPanel({
  roundtable,
  session,
  documentName,
}: {
  roundtable: RoundtableView;
  session: number;
  documentName: string;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { collab, status } = useCollab(documentName);
  useStoredCopy(
    collab,
    apiUrl('GET /api/roundtables/:id/notes', { params: { id: roundtable.id }, query: { session } }),
    status,
  );
  useUnloadWarning(status === 'saving' || status === 'offlineUnsaved');
  const editable = roundtable.abilities.editNotes;
  return (
    <section aria-labelledby="notes-title" className="live-card notes">
      <h2 id="notes-title">{t('roundtables.notes.title')}</h2>
      <p className={`save-status save-status-${status}`} role="status" aria-live="polite">
        {t(`room.status.${status}`)}
      </p>
      {collab && me && (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <Editor
            collab={collab}
            user={{ name: me.name, color: me.color }}
            editable={editable}
            label={t('roundtables.notes.document')}
          />
        </Suspense>
      )}
      {!editable && <p className="muted">{t('roundtables.notes.readOnly')}</p>}
    </section>
  );
}
