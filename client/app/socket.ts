import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/errors';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ClientSocket | null = null;

/** One Socket.IO connection per signed-in tab, shared by every room hook. */
export function getSocket(): ClientSocket {
  // a network that refuses WebSockets (some city halls' proxies) falls back to long polling: without
  // tryAllTransports a WebSocket that fails to open is retried for ever, and nothing live works
  socket ??= io({ withCredentials: true, transports: ['websocket', 'polling'], tryAllTransports: true });
  return socket;
}

export function closeSocket(): void {
  socket?.disconnect();
  socket = null;
}

/** Emits a request and resolves with the server's acknowledgement (or a timeout error ack). */
export async function request<E extends keyof ClientToServerEvents>(
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  const s = getSocket() as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } };
  try {
    return (await s.timeout(15_000).emitWithAck(event, payload)) as Parameters<
      Parameters<ClientToServerEvents[E]>[1]
    >[0];
  } catch {
    return { ok: false, error: { code: 'db_unavailable', message: 'no answer from the server' } } satisfies Ack<never>;
  }
}
