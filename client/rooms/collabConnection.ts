import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES, COLLAB_PATH, MESSAGE_SAVED, MESSAGE_SYNC, SAVED_QUERY_PARAM } from '../../shared/collab';

export type SaveStatus = 'connecting' | 'unreachable' | 'saving' | 'saved' | 'offline' | 'offlineUnsaved' | 'tooLarge';

export interface Collab {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** This device's copy of the document (IndexedDB): `synced` once it has been read into `doc`. */
  local: IndexeddbPersistence;
  /**
   * Merges the document as the server stored it, fetched another way than the live sync (REST,
   * when WebSockets are blocked): it is the server's content, not an edit of ours to be sent.
   */
  adoptStored(update: Uint8Array): void;
}

/** The origin of an update `adoptStored` merged. */
const STORED = Symbol('stored-copy');

/**
 * Counts the update-bearing messages (sync step 2 and updates) this socket sends,
 * so the server's "stored N" message can be compared with what we sent.
 */
class CountingWebSocket extends WebSocket {
  sent = 0;
  stored = 0;
  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    const bytes =
      data instanceof Uint8Array
        ? data
        : ArrayBuffer.isView(data)
          ? null
          : data instanceof ArrayBuffer
            ? new Uint8Array(data)
            : null;
    if (bytes && bytes[0] === MESSAGE_SYNC && (bytes[1] === 1 || bytes[1] === 2)) this.sent++;
    super.send(data);
  }
}

/**
 * How long sent edits may wait for the server's "stored" reply before the connection is taken
 * for half-open (a dead Wi-Fi that never closed the socket): we say so and reconnect.
 */
export const SAVE_STALL_MS = 5000;

/**
 * A document that has never connected after this long says it may be the network: a proxy that
 * blocks WebSockets fails every attempt while the rest of the app (REST, Socket.IO's polling) works.
 */
export const UNREACHABLE_AFTER_MS = 6000;

/**
 * Connects a document over the y-websocket protocol and reports whether every local edit is
 * stored (`onStatus`). Edits are also kept in IndexedDB (wiped on sign-out), so work done offline
 * survives closing or reloading the tab and is sent on the next connection.
 */
export function connect(
  documentName: string,
  onStatus: (status: SaveStatus) => void,
): { collab: Collab; destroy: () => void } {
  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(documentName, doc);
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`;
  const provider = new WebsocketProvider(url, documentName, doc, {
    params: { [SAVED_QUERY_PARAM]: '1' },
    WebSocketPolyfill: CountingWebSocket,
    maxBackoffTime: 5000,
  });
  let unsentOffline = false;
  let everSynced = false;
  // the server refused a frame as too big (1009): every reconnect would resend the same change,
  // and undoing it does not shrink it (the undo history keeps the content), so stop and say so
  let tooLarge = false;
  let stalled = false;
  let waitedLong = false;
  const unreachableTimer = setTimeout(() => {
    waitedLong = true;
    recompute();
  }, UNREACHABLE_AFTER_MS);
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  const socket = () => provider.ws as CountingWebSocket | null;
  const watchForStall = (waiting: boolean) => {
    if (!waiting) {
      clearTimeout(stallTimer);
      stallTimer = undefined;
    } else
      stallTimer ??= setTimeout(() => {
        stallTimer = undefined;
        const ws = socket();
        if (ws && ws.sent > ws.stored) unsentOffline = true;
        stalled = true;
        recompute();
        ws?.close(); // y-websocket reconnects with backoff
      }, SAVE_STALL_MS);
  };
  const recompute = () => {
    const ws = socket();
    if (tooLarge) {
      onStatus('tooLarge');
      watchForStall(false);
    } else if (stalled || !provider.wsconnected || !ws) {
      onStatus(unsentOffline ? 'offlineUnsaved' : everSynced ? 'offline' : waitedLong ? 'unreachable' : 'connecting');
      // after a stall, the next connection may open and stay silent just the same: watch it too
      watchForStall(stalled && provider.wsconnected && ws !== null);
    } else if (!provider.synced) {
      onStatus(unsentOffline ? 'offlineUnsaved' : 'connecting');
      // an open socket that never syncs again is as dead as one that never answers
      watchForStall(everSynced);
    } else {
      if (ws.sent > 0) unsentOffline = false;
      const saved = !unsentOffline && ws.sent === ws.stored;
      onStatus(saved ? 'saved' : 'saving');
      watchForStall(!saved);
    }
  };
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    const ws = socket();
    if (ws) ws.stored = decoding.readVarUint(decoder);
    stalled = false;
    watchForStall(false); // progress: the stall clock starts again from here
    recompute();
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider || origin === local || origin === STORED) return recompute();
    if (stalled || !provider.wsconnected || !provider.synced) unsentOffline = true;
    recompute();
  };
  const onSync = (synced: boolean) => {
    if (synced) everSynced = true;
    if (synced) stalled = false;
    recompute();
  };
  const onClose = (event: CloseEvent | null) => {
    if (event?.code !== CLOSE_CODES.messageTooBig) return;
    tooLarge = true;
    provider.disconnect();
    recompute();
  };
  doc.on('update', onUpdate);
  provider.on('connection-close', onClose);
  provider.on('status', recompute);
  provider.on('sync', onSync);
  const destroy = () => {
    doc.off('update', onUpdate);
    provider.off('connection-close', onClose);
    clearTimeout(stallTimer);
    clearTimeout(unreachableTimer);
    provider.destroy();
    void local.destroy();
    doc.destroy();
  };
  const adoptStored = (update: Uint8Array) => {
    try {
      Y.applyUpdate(doc, update, STORED);
    } catch {
      // not a Yjs update (a proxy's error page?): the live sync brings the document later
    }
  };
  return { collab: { doc, provider, local, adoptStored }, destroy };
}
