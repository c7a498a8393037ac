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

/**
 * While a document cannot connect at all (`unreachable`: a network that blocks WebSockets while
 * the REST API answers), fetches it as stored from `storedUrl` (one Yjs update), once, and merges
 * it into the page's copy: the page shows the real document, and what is typed builds on it, kept
 * on this device and sent once the connection works. Answers whether that fetch is under way.
 */
export function useStoredCopy(collab: Collab | null, storedUrl: string | undefined, unreachable: boolean): boolean {
  const [fetching, setFetching] = useState(false);
  useEffect(() => {
    if (!collab || !storedUrl || !unreachable) return;
    let gone = false;
    setFetching(true);
    fetch(storedUrl, { credentials: 'same-origin' })
      .then(async (res) => {
        if (!res.ok) return;
        const update = new Uint8Array(await res.arrayBuffer());
        if (!gone) collab.adoptStored(update);
      })
      // offline for real: the page has what this device kept
      .catch(() => undefined)
      .finally(() => {
        if (!gone) setFetching(false);
      });
    return () => {
      gone = true;
      setFetching(false);
    };
  }, [collab, storedUrl, unreachable]);
  return fetching;
}
