import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountService } from './auth/account.service.js';
import { accountRoutes } from './auth/accountRoutes.js';
import { AuditLog } from './audit/audit.service.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { SessionStore } from './auth/sessions.js';
import { CollabServer } from './collab/server.js';
import { MongoDocumentStore } from './collab/store.js';
import type { Config } from './config.js';
import { connectDatabase, type Database } from './db/connect.js';
import { createModels, syncIndexes, type Models } from './db/models.js';
import { createExpress } from './http/express.js';
import { healthRoutes } from './http/health.js';
import { routeRegistrar } from './http/route.js';
import { InvitationsService } from './invitations/invitations.service.js';
import { Mailer } from './invitations/mailer.js';
import { invitationRoutes } from './invitations/routes.js';
import { NetworkService } from './network/network.service.js';
import { networkRoutes } from './network/routes.js';
import type { RestRoute } from './policy/rules.js';
import { AccessNotifier } from './realtime/access.js';
import { onAccessChanged, recoveryCheck, revalidateRecoveredRooms } from './realtime/enforce.js';
import { createLogger, type Logger } from './logger.js';
import { Policy } from './policy/policy.js';
import { createIo, eventRegistrar, type IoServer } from './realtime/io.js';
import { PresenceTracker } from './rooms/presence.js';
import { RoomsService } from './rooms/rooms.service.js';
import { roomRoutes } from './rooms/routes.js';
import { registerRoomHandlers } from './rooms/socket.js';
import { seedDemo, type DemoSeedResult } from './seed/demo.js';
import { registerThreadHandlers } from './threads/socket.js';
import { ThreadsService } from './threads/threads.service.js';

export interface App {
  httpServer: Server;
  io: IoServer;
  collab: CollabServer;
  db: Database;
  models: Models;
  logger: Logger;
  /** Every REST route registered through the policy's rule table (the authorization matrix test reads it). */
  routes: ReadonlySet<RestRoute>;
  /** Set when this start seeded the demo network into an empty database. */
  demo: DemoSeedResult | null;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Builds the whole server — database, REST, Socket.IO, Yjs sync — on one HTTP server. */
export async function createApp(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<App> {
  const db = await connectDatabase(config, logger);
  const models = createModels(db.connection);
  await syncIndexes(models);
  const demo = config.seedDemo ? await seedDemo(models, logger) : null;

  const sessions = new SessionStore(models, config.sessionSecret, {
    maxAgeMs: config.sessionTtlMs,
    idleMs: config.sessionIdleMs,
  });
  await sessions.sweepExpired();
  const sweep = setInterval(() => {
    sessions.sweepExpired().catch((error: unknown) => logger.warn({ err: error }, 'session sweep failed'));
  }, 3600_000);
  sweep.unref();

  const policy = new Policy(models);
  const access = new AccessNotifier();
  const audit = new AuditLog(models, logger.child({ domain: 'audit' }));
  const mailer = new Mailer(config.smtpUrl, config.mailFrom, logger);
  const rooms = new RoomsService(models, policy, audit);
  const threads = new ThreadsService(models);
  const network = new NetworkService(models, policy, audit, access, sessions);
  const invitations = new InvitationsService(models, policy, network, audit, mailer, access);
  const accounts = new AccountService(models, sessions, audit, access);
  const presence = new PresenceTracker();

  const { route, registered } = routeRegistrar(policy, models);
  const app = createExpress({
    sessions,
    cookieSecure: config.cookieSecure,
    logger,
    clientDist: config.clientDist,
    routers: [
      healthRoutes(route, db),
      authRoutes(route, { models, sessions, config, logger, audit, access }),
      accountRoutes(route, accounts, config),
      roomRoutes(route, rooms),
      networkRoutes(route, network, policy),
      invitationRoutes(route, { invitations, sessions, models, config }),
      auditRoutes(route, audit),
    ],
  });
  const httpServer = createServer(app);
  const io = createIo(httpServer, sessions, logger, recoveryCheck(sessions, policy));
  const handle = eventRegistrar({
    sessions,
    policy,
    logger: logger.child({ domain: 'realtime' }),
    limits: config.socketEvents,
  });
  io.on('connection', (socket) => {
    registerRoomHandlers(io, socket, { handle, rooms, presence, policy });
    registerThreadHandlers(io, socket, { handle, threads });
    if (socket.recovered) void revalidateRecoveredRooms(socket, policy, presence);
  });

  const collab = new CollabServer({
    store: new MongoDocumentStore(models),
    sessions,
    policy,
    logger,
    ...config.collab,
  });
  httpServer.on('upgrade', (req, socket, head) => {
    if (collab.matches(req)) {
      collab.handleUpgrade(req, socket, head).catch((error: unknown) => {
        logger.error({ err: error }, 'sync upgrade failed');
        socket.destroy();
      });
      return;
    }
    if (!(req.url ?? '').startsWith('/socket.io/')) socket.destroy();
  });
  // sessions end by time too (expiry, idle): check the ones behind open connections
  const sessionCheck = setInterval(() => {
    const sync = collab.sessionTokens();
    const sockets = [...io.of('/').sockets.values()].map((socket) => socket.data.token);
    sessions
      .checkLive([...sync.all, ...sockets], sync.active)
      .catch((error: unknown) => logger.warn({ err: error }, 'session check failed'));
  }, config.sessionCheckMs);
  sessionCheck.unref();
  access.subscribe((change) => {
    onAccessChanged(io, presence, change);
    collab.onAccessChanged(change);
  });

  let closed: Promise<void> | undefined;
  return {
    httpServer,
    io,
    collab,
    db,
    models,
    logger,
    routes: registered,
    demo,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const { port } = httpServer.address() as AddressInfo;
          const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
          resolve(`http://${host}:${port}`);
        });
      }),
    close: () =>
      (closed ??= (async () => {
        clearInterval(sweep);
        clearInterval(sessionCheck);
        mailer.close();
        await collab.close();
        await io.close();
        httpServer.closeAllConnections();
        await db.close();
      })()),
  };
}
