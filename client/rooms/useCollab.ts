import { useEffect, useState } from 'react';
import type { Collab, SaveStatus } from './collabConnection';

export type { Collab, SaveStatus };

/**
 * The document's sync (Yjs, y-websocket, y-indexeddb) is a chunk of its own: a page asks for it
 * once it knows which document it shows, so the app's first script stays small.
 */
export const loadCollab = () => import('./collabConnection');

/**
 * Connects a room's document over the y-websocket protocol and tracks whether every local edit
 * is stored (see `connect` in collabConnection.ts).
 */
export function useCollab(documentName: string | undefined): { collab: Collab | null; status: SaveStatus } {
  const [collab, setCollab] = useState<Collab | null>(null);
  const [status, setStatus] = useState<SaveStatus>('connecting');

  useEffect(() => {
    if (!documentName) return;
    let destroy: (() => void) | undefined;
    let gone = false;
    void loadCollab().then(({ connect }) => {
      if (gone) return;
      const connection = connect(documentName, setStatus);
      destroy = connection.destroy;
      setCollab(connection.collab);
    });
    return () => {
      gone = true;
      destroy?.();
      setCollab(null);
      setStatus('connecting');
    };
  }, [documentName]);

  return { collab, status };
}

/**
 * Whether the document holds its content yet: synced with the server, or read from this device's
 * copy of it (a document opened here before, offline). Until then an empty document is only one
 * that has not arrived, and a page should not show it as empty.
 */
export function documentLoaded({ doc, provider, local }: Collab): boolean {
  // the device's copy counts only when it held something: a first visit's copy is empty
  return provider.synced || (local.synced && doc.store.clients.size > 0);
}

/** Calls `listener` whenever `documentLoaded` may have changed; returns the unsubscribe. */
export function onLoadProgress({ provider, local }: Collab, listener: () => void): () => void {
  provider.on('sync', listener);
  local.on('synced', listener);
  return () => {
    provider.off('sync', listener);
    local.off('synced', listener);
  };
}

/** How often a page that cannot connect live asks for the document as stored again (others' edits). */
export const STORED_REFRESH_MS = 10_000;
/**
 * How long a page that had the live sync goes without it before it starts asking for the stored
 * copy: as long as a first connection is given (`UNREACHABLE_AFTER_MS`, not imported, which would
 * pull the sync's chunk into the app's first script), so a server restart or a short loss of
 * network costs no extra request.
 */
const LOST_FOR_MS = 6_000;

/**
 * While a document cannot sync live but the REST API answers (a network that blocks WebSockets:
 * `status` is "unreachable" from the start, or "offline" for `LOST_FOR_MS` after it had synced),
 * fetches it as stored from `storedUrl` (one Yjs update) and merges it into the page's copy: the
 * page shows the real document, and what is typed builds on it, kept on this device and sent
 * once the connection works. Until the live sync comes through again, it asks again every
 * `STORED_REFRESH_MS` and whenever the tab is shown again (not while it is hidden), so others'
 * edits keep arriving; the server answers 304 when nothing changed (its ETag). Offline for real,
 * each try fails and the page keeps what it has. Answers whether the first fetch is under way.
 */
export function useStoredCopy(collab: Collab | null, storedUrl: string | undefined, status: SaveStatus): boolean {
  // held from then until the live sync comes through
  const [blocked, setBlocked] = useState(false);
  const [fetching, setFetching] = useState(false);
  const unreachable = status === 'unreachable';
  const lost = status === 'offline' || status === 'offlineUnsaved';
  useEffect(() => {
    if (unreachable) setBlocked(true);
  }, [unreachable]);
  useEffect(() => {
    if (!lost) return;
    const timer = setTimeout(() => setBlocked(true), LOST_FOR_MS);
    return () => clearTimeout(timer);
  }, [lost]);
  useEffect(() => {
    if (!collab) return;
    const onSync = (synced: boolean) => {
      if (synced) setBlocked(false);
    };
    collab.provider.on('sync', onSync);
    return () => {
      collab.provider.off('sync', onSync);
      setBlocked(false);
    };
  }, [collab]);

  useEffect(() => {
    if (!collab || !storedUrl || !blocked) return;
    let gone = false;
    let etag: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    const refresh = () => {
      clearTimeout(timer);
      timer = undefined;
      if (gone || inFlight) return;
      if (document.visibilityState === 'hidden') return; // asked again when it is shown
      inFlight = true;
      // a conditional request the browser would otherwise mark `no-cache` (and so never fresh)
      const headers: Record<string, string> = etag ? { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } : {};
      fetch(storedUrl, { credentials: 'same-origin', cache: 'no-store', headers })
        .then(async (res) => {
          if (res.status !== 200) return; // 304: nothing new; an error: the next try may do better
          const update = new Uint8Array(await res.arrayBuffer());
          if (gone) return;
          collab.adoptStored(update);
          etag = res.headers.get('ETag');
        })
        // offline for real: the page has what this device kept
        .catch(() => undefined)
        .finally(() => {
          inFlight = false;
          if (gone) return;
          setFetching(false);
          timer = setTimeout(refresh, STORED_REFRESH_MS);
        });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    setFetching(true);
    refresh();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      gone = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      setFetching(false);
    };
  }, [collab, storedUrl, blocked]);
  return fetching;
}
