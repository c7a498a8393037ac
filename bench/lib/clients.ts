import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Protocol } from './targets.js';

/** What a load-generator process needs to know about the target it drives. */
export interface TargetInfo {
  protocol: Protocol;
  serverUrl: string;
  room: string;
  headers: Record<string, string>;
  /** Per participant (Roundtable: a different signed-in person each); `headers` when absent. */
  participantHeaders?: Record<string, string>[];
  /** Per participant, the server URL to use (a cluster: participants spread over nodes); `serverUrl` when absent. */
  participantUrls?: string[];
  /** Roundtable's HTTP origin: each participant asks for its session there first, as its page does. */
  httpUrl?: string;
  /** Roundtable's room: each participant's page joins it over Socket.IO before it connects the document. */
  roomId?: string;
}

const SYNC = 0;
const SYNC_REPLY = 4; // Hocuspocus: a sync message that asks for no step 1 back
const STEP1 = 0;
const STEP2 = 1;
const AUTH = 2;
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

function socketUrl(target: TargetInfo, serverUrl = target.serverUrl): string {
  return target.protocol === 'hocuspocus' ? serverUrl : `${serverUrl}/${target.room}`;
}

/**
 * A listener that speaks just enough of the protocol to receive updates: it asks
 * for the document once (sync step 1), never answers, and hands every update it
 * receives to `onUpdate` undecoded. On the relay it only listens.
 */
export class Receiver {
  readonly ready: Promise<void>;
  private readonly ws: WebSocket;

  constructor(
    target: TargetInfo,
    onUpdate: (update: Uint8Array) => void,
    headers = target.headers,
    serverUrl = target.serverUrl,
  ) {
    const hocuspocus = target.protocol === 'hocuspocus';
    this.ws = new WebSocket(socketUrl(target, serverUrl), { headers });
    let markReady!: () => void;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      this.ws.once('error', reject);
    });
    this.ws.on('open', () => {
      if (target.protocol === 'relay') return markReady();
      const send = (write: (e: encoding.Encoder) => void) => {
        const e = encoding.createEncoder();
        if (hocuspocus) encoding.writeVarString(e, target.room);
        write(e);
        this.ws.send(encoding.toUint8Array(e));
      };
      if (hocuspocus)
        send((e) => {
          encoding.writeVarUint(e, AUTH);
          encoding.writeVarUint(e, 0);
          encoding.writeVarString(e, 'bench');
        });
      send((e) => {
        encoding.writeVarUint(e, SYNC);
        encoding.writeVarUint(e, STEP1);
        encoding.writeVarUint8Array(e, EMPTY_STATE_VECTOR);
      });
    });
    this.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(data);
      if (hocuspocus) decoding.readVarString(d);
      const type = decoding.readVarUint(d);
      if (type !== SYNC && !(hocuspocus && type === SYNC_REPLY)) return;
      const step = decoding.readVarUint(d);
      if (step === STEP1) return;
      if (step === STEP2) markReady();
      onUpdate(decoding.readVarUint8Array(d));
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A stock provider (y-websocket's, or Hocuspocus's for Hocuspocus) around a real Y.Doc. */
export interface Editor {
  doc: Y.Doc;
  /** Connected (relay) or synced with the server (the others). */
  ready: Promise<void>;
  close(): void;
}

export function openEditor(target: TargetInfo, headers = target.headers, serverUrl = target.serverUrl): Editor {
  const doc = new Y.Doc();
  const WS = class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
  if (target.protocol === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({ url: target.serverUrl, WebSocketPolyfill: WS });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: target.room,
      document: doc,
      token: 'bench',
    });
    provider.attach();
    const ready = new Promise<void>((resolve) => provider.on('synced', () => resolve()));
    return {
      doc,
      ready,
      close: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(serverUrl, target.room, doc, {
    WebSocketPolyfill: WS as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const ready = new Promise<void>((resolve) => {
    if (target.protocol === 'relay')
      provider.on('status', ({ status }) => {
        if (status === 'connected') resolve();
      });
    else provider.once('sync', () => resolve());
  });
  return { doc, ready, close: () => provider.destroy() };
}
