import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import type { Ack } from '../../shared/errors.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { SessionStore } from '../auth/sessions.js';
import { badRequest, toAppError } from '../errors.js';
import { actorOf } from '../http/authenticate.js';
import { parse } from '../http/validate.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../policy/policy.js';

export interface SocketData {
  actor: Actor;
  color: string;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Largest Socket.IO packet accepted; a thread message is at most 8,000 characters. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/** Socket.IO on the shared HTTP server; only the session cookie lets a socket in. */
export function createIo(httpServer: HttpServer, sessions: SessionStore, logger: Logger): IoServer {
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    // the Yjs endpoint shares this server's upgrades; leave the ones that are not ours alone
    destroyUpgrade: false,
  });
  io.use((socket, next) => {
    sessions
      .resolveRequest(socket.request)
      .then((session) => {
        if (!session) return next(new Error('unauthenticated'));
        socket.data.actor = actorOf(session);
        socket.data.color = session.user.color;
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'socket authentication failed');
        next(new Error('unavailable'));
      });
  });
  return io;
}

/**
 * Registers one event with the house shape: validate → (the handler authorizes
 * and calls the service) → log → ack `{ok:true,data}` or `{ok:false,error}`.
 * A malformed payload or a missing ack never reaches the handler.
 */
export function handle<S extends z.ZodType, R>(
  socket: IoSocket,
  logger: Logger,
  event: keyof ClientToServerEvents,
  schema: S,
  handler: (input: z.output<S>, actor: Actor) => Promise<R>,
): void {
  const on = socket.on.bind(socket) as (name: string, listener: (...args: unknown[]) => void) => void;
  on(event, (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<R>) => void) : () => undefined;
    const started = Date.now();
    void (async () => {
      try {
        if (typeof ack !== 'function') throw badRequest(`${event} needs an acknowledgement callback`);
        const data = await handler(parse(schema, payload), socket.data.actor);
        logger.debug({ event, userId: socket.data.actor.id, ms: Date.now() - started }, 'socket event');
        reply({ ok: true, data });
      } catch (error) {
        const appError = toAppError(error);
        const level = appError.status >= 500 ? 'error' : 'info';
        logger[level](
          { event, userId: socket.data.actor.id, code: appError.code, err: appError.status >= 500 ? error : undefined },
          'socket event refused',
        );
        reply({ ok: false, error: appError.toJSON() });
      }
    })();
  });
}
