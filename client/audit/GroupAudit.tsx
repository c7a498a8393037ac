import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryView } from '../../shared/schemas/audit';
import { api } from '../app/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';
import { AuditTable } from './AuditTable';

/** The server sends at most this many entries per page. */
const PAGE_SIZE = 100;

/** A group's audit log, newest first, with older pages on demand. */
export function GroupAudit({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const { run, busy, error } = useAction();

  useEffect(() => {
    let active = true;
    setEntries(null);
    void run(async () => {
      const page = await api('GET /api/groups/:id/audit', { params: { id: groupId } });
      if (!active) return;
      setEntries(page.entries);
      setHasMore(page.entries.length === PAGE_SIZE);
    });
    return () => {
      active = false;
    };
  }, [groupId, run]);

  const loadOlder = () =>
    void run(async () => {
      const oldest = entries?.at(-1);
      if (!oldest) return;
      const page = await api('GET /api/groups/:id/audit', { params: { id: groupId }, query: { before: oldest.id } });
      setEntries((current) => [...(current ?? []), ...page.entries]);
      setHasMore(page.entries.length === PAGE_SIZE);
    });

  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <ErrorAlert error={error} />
      {!entries && !error && <p className="muted">{t('app.loading')}</p>}
      {entries?.length === 0 && <p className="muted">{t('audit.empty')}</p>}
      {entries && entries.length > 0 && <AuditTable entries={entries} />}
      {hasMore && (
        <button type="button" className="button-quiet" disabled={busy} onClick={loadOlder}>
          {t('audit.loadOlder')}
        </button>
      )}
    </section>
  );
}
