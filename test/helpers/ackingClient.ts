import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE_SAVED } from '../../shared/collab.js';
import { messageYjsSyncStep2 } from 'y-protocols/sync';
import { isUpdateBearing } from './collab.js';

/**
 * What one update-bearing frame carries, as the client understood it when sending:
 * `state` for the sync step 2 of a (re)connection (everything the server lacked),
 * `update` for one local change sent as it happened.
 */
export type FrameKind = 'state' | 'update';

export interface AckingClientOptions<C> {
  url: string;
  documentName: string;
  cookie: string;
  /** Called as each update-bearing frame is sent; its result is handed to `onAcked` once the server says it is stored. */
  claim(kind: FrameKind, frame: Uint8Array): C;
  onAcked(claim: C): void;
  /** Reconnect quickly: the suites restart the server often. */
  maxBackoffTime?: number;
}

/**
 * A stock y-websocket provider signed in with a cookie and opted in to the saved
 * marker (`?saved=1`). The marker counts the update-bearing frames of the current
 * connection that are durably stored, so each frame's claim is recorded on the
 * socket that sent it and released, in order, as the count reaches it. A frame
 * whose connection dies before the marker arrives is never counted as saved.
 */
export function openAckingClient<C>(options: AckingClientOptions<C>) {
  const { claim, onAcked } = options;
  class TrackedSocket extends WebSocket {
    readonly claims: C[] = [];
    acked = 0;

    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie: options.cookie } });
    }

    override send(data: Uint8Array, ...rest: unknown[]): void {
      if (isUpdateBearing(data)) {
        this.claims.push(claim(data[1] === messageYjsSyncStep2 ? 'state' : 'update', data));
      }
      (super.send as (data: Uint8Array, ...rest: unknown[]) => void)(data, ...rest);
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${options.url.replace(/^http/, 'ws')}/collab`, options.documentName, doc, {
    WebSocketPolyfill: TrackedSocket as unknown as typeof globalThis.WebSocket,
    params: { saved: '1' },
    disableBc: true,
    maxBackoffTime: options.maxBackoffTime ?? 250,
  });
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder, p) => {
    const stored = decoding.readVarUint(decoder);
    const ws = p.ws as unknown as TrackedSocket | null;
    if (!ws) return;
    while (ws.acked < stored && ws.acked < ws.claims.length) onAcked(ws.claims[ws.acked++]!);
  };
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export type AckingClient = ReturnType<typeof openAckingClient>;

/** Resolves once the provider has synced with the server (on its current connection). */
export function synced(provider: WebsocketProvider, timeoutMs = 30_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      clearTimeout(timer);
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}

/** The text a fresh stock provider loads from the server (no saved marker, nothing of its own). */
export async function loadFresh(url: string, documentName: string, cookie: string, textName: string): Promise<string> {
  const client = openAckingClient({ url, documentName, cookie, claim: () => null, onAcked: () => undefined });
  try {
    await synced(client.provider);
    return client.doc.getText(textName).toString();
  } finally {
    client.destroy();
  }
}
