import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authRoutes } from './auth/routes.js';
import { SessionStore } from './auth/sessions.js';
import { CollabServer } from './collab/server.js';
import { MongoDocumentStore } from './collab/store.js';
import type { Config } from './config.js';
import { connectDatabase, type Database } from './db/connect.js';
import { createModels, syncIndexes, type Models } from './db/models.js';
import { createExpress } from './http/express.js';
import { healthRoutes } from './http/health.js';
import { createLogger, type Logger } from './logger.js';
import { Policy } from './policy/policy.js';
import { createIo, type IoServer } from './realtime/io.js';
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

  const sessions = new SessionStore(models, config.sessionSecret, config.sessionTtlMs);
  await sessions.sweepExpired();
  const sweep = setInterval(() => {
    sessions.sweepExpired().catch((error: unknown) => logger.warn({ err: error }, 'session sweep failed'));
  }, 3600_000);
  sweep.unref();
  const policy = new Policy(models);
  const rooms = new RoomsService(models, policy);
  const threads = new ThreadsService(models, policy);
  const presence = new PresenceTracker();

  const app = createExpress({
    sessions,
    logger,
    clientDist: config.clientDist,
    routers: [healthRoutes(db), authRoutes({ models, sessions, config, logger }), roomRoutes(rooms)],
  });
  const httpServer = createServer(app);
  const io = createIo(httpServer, sessions, logger);
  const socketLogger = logger.child({ domain: 'realtime' });
  io.on('connection', (socket) => {
    registerRoomHandlers(io, socket, { rooms, presence, logger: socketLogger });
    registerThreadHandlers(io, socket, { threads, logger: socketLogger });
  });

  const collab = new CollabServer({
    store: new MongoDocumentStore(models),
    sessions,
    policy,
    logger,
    ...config.collab,
  });
  httpServer.on('upgrade', (req, socket, head) => {
    if (collab.matches(req)) return void collab.handleUpgrade(req, socket, head);
    if (!(req.url ?? '').startsWith('/socket.io/')) socket.destroy();
  });

  let closed: Promise<void> | undefined;
  return {
    httpServer,
    io,
    collab,
    db,
    models,
    logger,
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
        await collab.close();
        await io.close();
        httpServer.closeAllConnections();
        await db.close();
      })()),
  };
}
