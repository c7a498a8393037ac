import * as decoding from 'lib0/decoding';
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES, COLLAB_PATH, MESSAGE_SAVED, MESSAGE_SYNC, SAVED_QUERY_PARAM } from '../../shared/collab';

export type SaveStatus = 'connecting' | 'saving' | 'saved' | 'offline' | 'offlineUnsaved' | 'tooLarge';

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

export interface Collab {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** Connects a room's document over the y-websocket protocol and tracks whether every local edit is stored. */
export function useCollab(documentName: string | undefined): { collab: Collab | null; status: SaveStatus } {
  const [collab, setCollab] = useState<Collab | null>(null);
  const [status, setStatus] = useState<SaveStatus>('connecting');

  useEffect(() => {
    if (!documentName) return;
    const doc = new Y.Doc();
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
    const socket = () => provider.ws as CountingWebSocket | null;
    const recompute = () => {
      const ws = socket();
      if (tooLarge) {
        setStatus('tooLarge');
      } else if (!provider.wsconnected || !ws) {
        setStatus(unsentOffline ? 'offlineUnsaved' : everSynced ? 'offline' : 'connecting');
      } else if (!provider.synced) {
        setStatus('connecting');
      } else {
        if (ws.sent > 0) unsentOffline = false;
        setStatus(!unsentOffline && ws.sent === ws.stored ? 'saved' : 'saving');
      }
    };
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      const ws = socket();
      if (ws) ws.stored = decoding.readVarUint(decoder);
      recompute();
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) return;
      if (!provider.wsconnected) unsentOffline = true;
      recompute();
    };
    const onSync = (synced: boolean) => {
      if (synced) everSynced = true;
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
    setCollab({ doc, provider });
    return () => {
      doc.off('update', onUpdate);
      provider.off('connection-close', onClose);
      provider.destroy();
      doc.destroy();
      setCollab(null);
      setStatus('connecting');
    };
  }, [documentName]);

  return { collab, status };
}
