import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Ack } from '../../shared/errors.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { BuiltUser } from './factories.js';

/** Signs in over REST and returns the session cookie (`name=value`). */
export async function login(url: string, user: Pick<BuiltUser, 'email' | 'password'>): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('login set no cookie');
  return cookie.split(';')[0]!;
}

/** Sees every frame a provider's socket sends and receives, without changing them. */
export interface FrameTap {
  sent?(frame: Uint8Array): void;
  received?(frame: Uint8Array): void;
}

/** A WebSocket class that sends our session cookie, for the stock y-websocket provider. */
export function cookieWebSocket(cookie: string | undefined, tap: FrameTap = {}) {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {});
      this.on('message', (data: WebSocket.RawData) => tap.received?.(toBytes(data)));
    }

    override send(data: Uint8Array, ...rest: unknown[]): void {
      tap.sent?.(data);
      (super.send as (data: Uint8Array, ...rest: unknown[]) => void)(data, ...rest);
    }
  };
}

/** The stock y-websocket provider, connected as the given session. */
export function connectProvider(
  url: string,
  documentName: string,
  cookie: string | undefined,
  params: Record<string, string> = {},
  tap: FrameTap = {},
) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(collabUrl(url), documentName, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie, tap) as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
  });
  return { doc, provider };
}

function collabUrl(url: string): string {
  return `${url.replace(/^http/, 'ws')}/collab`;
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}

/** A bare `ws` socket on the sync endpoint, for frames no provider would send. */
export function rawCollabSocket(url: string, documentName: string, cookie: string | undefined): WebSocket {
  return new WebSocket(`${collabUrl(url)}/${encodeURIComponent(documentName)}`, cookie ? { headers: { cookie } } : {});
}

/** The HTTP status the sync endpoint answers an upgrade with (101 when it is accepted). */
export function upgradeStatus(url: string, documentName: string, cookie: string | undefined): Promise<number> {
  const ws = rawCollabSocket(url, documentName, cookie);
  return new Promise((resolve, reject) => {
    ws.on('error', () => undefined);
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (req, res) => {
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    ws.once('close', () => reject(new Error('upgrade closed without a response')));
  });
}

export function opened(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.OPEN) return Promise.resolve();
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

/** Resolves with the close code and reason the server sent. */
export function closed(ws: WebSocket, timeoutMs = 5000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not close the connection')), timeoutMs);
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
  });
}

export function waitForSync(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    provider.once('sync', (synced: boolean) => {
      if (synced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** Polls until `check` passes, for state that converges over the network (or in the database). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function connectSocket(url: string, cookie: string | undefined): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Emits an event and resolves with its acknowledgement. */
export function request<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: unknown,
): Promise<Ack<unknown>> {
  return (
    socket.timeout(10_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<unknown>> }
  ).emitWithAck(event, payload);
}
