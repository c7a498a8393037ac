import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import { SessionAwareAdapter, type Adapter, type PrivateSessionId, type Session } from 'socket.io-adapter';
import type { z } from 'zod';
import type { Ack } from '../../shared/errors.js';
import {
  userChannel,
  type ClientEventName,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/events.js';
import { badRequest, rateLimited, toAppError, unauthenticated } from '../errors.js';
import { actorOf, tokenFromRequest, type Authenticator } from '../http/authenticate.js';
import { isCrossSite } from '../http/origin.js';
import { TokenBucket } from '../http/rateLimit.js';
import { parse } from '../http/validate.js';
import type { Logger } from '../logger.js';
import type { Role } from '../policy/permissions.js';
import type { Actor, Policy, Scope } from '../policy/policy.js';
import { SOCKET_RULES } from '../policy/rules.js';
import type { Bus } from './bus.js';

export interface SocketData {
  actor: Actor;
  color: string;
  /** The session cookie token, re-checked on every event. */
  token: string;
  /** Shared by all of the socket's events: one client cannot flood the server. */
  events?: TokenBucket;
  /** For each joined channel, the resource ids an access change to which concerns it (room, group, region). */
  resources?: Record<string, string[]>;
  /** Scopes (e.g. room ids) where this socket is shown as present; read across nodes. */
  present?: Record<string, true>;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Largest Socket.IO packet accepted; a thread message is at most 10,000 characters (at most 30 kB as UTF-8). */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/** Makes a namespace's adapter, e.g. the Redis Streams adapter's `createAdapter(client)`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AdapterFactory = (nsp: any) => Adapter;

/** Decides whether a disconnected socket may recover its rooms (and the packets it missed in them). */
export type RecoveryCheck = (data: SocketData, rooms: ReadonlySet<string>) => Promise<boolean>;

/**
 * Socket.IO replays missed packets in the Socket constructor, before any middleware
 * or handler runs; so the check sits in the adapter, where the session is restored.
 * A refused (or failing) check gives the client a fresh connection: no rooms, nothing
 * replayed, and it joins again like after any reconnect.
 */
function checkedRecoveryAdapter(check: RecoveryCheck, logger: Logger, base?: AdapterFactory) {
  if (base) {
    // another node's adapter (Redis Streams): same check around its restoreSession
    return function checkedAdapter(nsp: Namespace) {
      const adapter = base(nsp);
      const restore = adapter.restoreSession.bind(adapter);
      adapter.restoreSession = async (pid: PrivateSessionId, offset: string) => {
        const session = await restore(pid, offset);
        if (!session) return session;
        try {
          if (await check(session.data as SocketData, new Set(session.rooms))) return session;
        } catch (error) {
          logger.warn({ err: error }, 'socket recovery check failed');
        }
        return null as unknown as Session;
      };
      return adapter;
    };
  }
  return class CheckedRecoveryAdapter extends SessionAwareAdapter {
    override async restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
      const session = await super.restoreSession(pid, offset);
      if (!session) return session;
      try {
        if (await check(session.data as SocketData, new Set(session.rooms))) return session;
      } catch (error) {
        logger.warn({ err: error }, 'socket recovery check failed');
      }
      return null as unknown as Session; // the adapter's own contract: null means "start afresh"
    }
  };
}

/** Socket.IO on the shared HTTP server; only a valid session cookie lets a socket in. */
export function createIo(
  httpServer: HttpServer,
  sessions: Authenticator,
  bus: Bus,
  logger: Logger,
  recoveryCheck: RecoveryCheck,
  adapter?: AdapterFactory,
): IoServer {
  const io: IoServer = new Server(httpServer, {
    adapter: checkedRecoveryAdapter(recoveryCheck, logger, adapter) as unknown as typeof SessionAwareAdapter,
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    // the Yjs endpoint shares this server's upgrades; leave the ones that are not ours alone
    destroyUpgrade: false,
    // a recovered connection still passes the session check below
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    // a page on another site must not open a socket with a member's cookie
    allowRequest: (req, callback) =>
      callback(isCrossSite(req) ? 'cross-site request refused' : null, !isCrossSite(req)),
  });
  // a session renewed over REST (roles changed) is the same sign-in: this browser's sockets continue on it
  bus.subscribe('session:rotated', ({ from, to }) => {
    for (const socket of io.of('/').sockets.values()) if (socket.data.token === from) socket.data.token = to;
  });
  // signed out, expired or idle: this browser's sockets end with its session
  bus.subscribe('session:ended', ({ token }) => {
    for (const socket of io.of('/').sockets.values()) if (socket.data.token === token) socket.disconnect(true);
  });
  io.use((socket, next) => {
    const token = tokenFromRequest(socket.request);
    sessions
      .resolve(token)
      .then(async (session) => {
        if (!session || !token) return next(new Error('unauthenticated'));
        socket.data.actor = actorOf(session);
        socket.data.color = session.user.color;
        socket.data.token = token;
        await socket.join(userChannel(socket.data.actor.id));
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'socket authentication failed');
        next(new Error('unavailable'));
      });
  });
  return io;
}

export interface EventContext {
  actor: Actor;
  /** The resource named by the payload, loaded by its domain and authorized (null for signed-in-only events). */
  scope: Scope | null;
  roles: Set<Role>;
}

/**
 * Registers one event with the house shape: validate (zod) → re-check the
 * session → authorize with the event's rule from SOCKET_RULES → handler → log →
 * ack `{ok:true,data}` or `{ok:false,error}`. Nothing reaches a handler unchecked.
 */
export function eventRegistrar(deps: {
  sessions: Authenticator;
  policy: Policy;
  logger: Logger;
  /** Events one socket may send in a burst, and per second after it. */
  limits: { burst: number; perSecond: number };
}) {
  const { sessions, policy, logger, limits } = deps;
  return function handle<S extends z.ZodType, R>(
    socket: IoSocket,
    event: ClientEventName,
    schema: S,
    handler: (input: z.output<S>, ctx: EventContext) => Promise<R>,
  ): void {
    const rule = SOCKET_RULES[event];
    const bucket = (socket.data.events ??= new TokenBucket(limits.burst, limits.perSecond));
    const on = socket.on.bind(socket) as (name: string, listener: (...args: unknown[]) => void) => void;
    on(event, (...args: unknown[]) => {
      // emit(event, callback) puts the acknowledgement first: treat it as an empty payload
      const [payload, ack] = args.length === 1 && typeof args[0] === 'function' ? [undefined, args[0]] : args;
      const reply = typeof ack === 'function' ? (ack as (r: Ack<R>) => void) : () => undefined;
      const started = Date.now();
      void (async () => {
        try {
          if (typeof ack !== 'function') throw badRequest(`${event} needs an acknowledgement callback`);
          if (!bucket.take(1)) throw rateLimited('Too many requests at once. Please slow down.', 1);
          const input = parse(schema, payload);
          const session = await sessions.resolve(socket.data.token);
          if (!session) {
            socket.disconnect(true);
            throw unauthenticated();
          }
          const actor = actorOf(session);
          const ctx: EventContext = { actor, scope: null, roles: new Set() };
          if (rule.access === 'action') {
            ctx.scope = await policy.loadScope(rule.scope, { params: {}, payload: input });
            ctx.roles = await policy.authorize(actor, rule.action, ctx.scope);
          }
          const data = await handler(input, ctx);
          logger.debug({ event, userId: actor.id, ms: Date.now() - started }, 'socket event');
          reply({ ok: true, data });
        } catch (error) {
          const appError = toAppError(error);
          const level = appError.status >= 500 ? 'error' : 'info';
          logger[level](
            {
              event,
              userId: socket.data.actor?.id,
              code: appError.code,
              err: appError.status >= 500 ? error : undefined,
            },
            'socket event refused',
          );
          reply({ ok: false, error: appError.toJSON() });
        }
      })();
    });
  };
}

export type Handle = ReturnType<typeof eventRegistrar>;
