import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { Connection } from 'mongoose';
import { collabModels, type CollabModels } from '../collab/collab.model.js';
import { CollabServer } from '../collab/server.js';
import { JOURNAL_DEFAULTS, JournaledStore } from '../collab/journal.js';
import { MongoDocumentStore, type DocumentStore } from '../collab/store.js';
import type { Config } from '../config.js';
import { connectDatabase, type Database } from '../db/connect.js';
import { syncIndexes, type ModelSet } from '../db/models.js';
import type { Authenticator } from '../http/authenticate.js';
import { createExpress } from '../http/express.js';
import { healthRoutes } from '../http/health.js';
import { routeRegistrar, type Route } from '../http/route.js';
import type { Logger } from '../logger.js';
import { Policy } from '../policy/policy.js';
import { REST_RULES, SOCKET_RULES } from '../policy/rules.js';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { RedisBus } from '../cluster/bus.js';
import { RedisLink, KEY_PREFIX } from '../cluster/redis.js';
import { RedisDocumentRelay } from '../cluster/relay.js';
import { memoryFailureLimiters, redisFailureLimiters, type FailureLimiters } from '../http/limits.js';
import { InProcessBus, type Bus } from '../realtime/bus.js';
import { createIo, eventRegistrar, type Handle, type IoServer, type IoSocket } from '../realtime/io.js';
import { recoveryCheck, type ChannelCheck } from '../realtime/recovery.js';

/** Test and trial seams: a different document store (e.g. one that fails on cue). */
export interface PlatformOptions {
  documentStore?: (models: CollabModels) => DocumentStore;
}

/** What a domain registers its socket handlers with. */
export type SocketRegistration = (socket: IoSocket, ctx: { io: IoServer; handle: Handle }) => void;

/**
 * The plumbing every domain registers itself with: database models, policy scope
 * loaders, REST routers, socket handlers, collab document kinds, the bus. Knows
 * no domain; `createApp` wires the domains in, then calls `start()`.
 */
export class Platform {
  readonly policy = new Policy();
  readonly bus: Bus;
  /** Failure counts (sign-in, reset requests): shared by every node in cluster mode. */
  readonly failureLimiters: FailureLimiters;
  readonly httpServer: Server = createServer();
  readonly collab: CollabServer;
  readonly route: Route;
  /** Every REST route registered through the policy's rule table (the authorization matrix test reads it). */
  readonly routes: ReturnType<typeof routeRegistrar>['registered'];
  io!: IoServer;
  private readonly routers: Router[] = [];
  private readonly socketRegistrations: SocketRegistration[] = [];
  private readonly channelChecks = new Map<string, ChannelCheck>();
  private sessionCheck: NodeJS.Timeout | undefined;
  private readonly modelSets: ModelSet[] = [];
  private authenticator: Authenticator | null = null;
  private closed: Promise<void> | undefined;
  /** One node's local journal of document updates (see JournaledStore); null in a cluster or when off. */
  readonly journal: JournaledStore | null;

  private constructor(
    readonly config: Config,
    readonly logger: Logger,
    readonly db: Database,
    options: PlatformOptions,
    /** Cluster mode (`REDIS_URL`): this node's link to Redis; null on a single node. */
    readonly redis: RedisLink | null,
  ) {
    ({ route: this.route, registered: this.routes } = routeRegistrar(this.policy));
    this.bus = redis ? new RedisBus(redis, logger) : new InProcessBus();
    this.failureLimiters = redis ? redisFailureLimiters(redis.client, `${KEY_PREFIX}limit:`) : memoryFailureLimiters;
    const models = this.registerModels(collabModels);
    // a test's own store stands in for the whole storage path, journal included
    this.journal =
      // in a cluster the database orders the writes of every node serving a document
      !options.documentStore && config.journal && !redis
        ? JournaledStore.open(new MongoDocumentStore(models), {
            ...JOURNAL_DEFAULTS,
            ...config.journal,
            copyTimeoutMs: config.collab.writeTimeoutMs,
            logger: logger.child({ domain: 'journal' }),
          })
        : null;
    const store = options.documentStore?.(models) ?? this.journal ?? new MongoDocumentStore(models);
    const relay = redis ? new RedisDocumentRelay(redis, logger.child({ domain: 'cluster' })) : undefined;
    this.collab = new CollabServer({ store, sessions: this.sessions, bus: this.bus, logger, relay, ...config.collab });
    this.routers.push(healthRoutes(this.route, db, redis, this.journal));
    // first of all listeners: whoever rechecks access after a change reads it afresh
    this.bus.subscribe('access:changed', ({ userId }) => this.policy.forget(userId));
  }

  static async create(config: Config, logger: Logger, options: PlatformOptions = {}): Promise<Platform> {
    const db = await connectDatabase(config, logger);
    let redis: RedisLink | null = null;
    try {
      redis = config.redisUrl ? await RedisLink.connect(config.redisUrl, logger) : null;
      const platform = new Platform(config, logger, db, options, redis);
      // what a crashed process journaled is in the database before anything reads it
      await platform.journal?.recovered;
      if (platform.bus instanceof RedisBus) await platform.bus.whenReady();
      return platform;
    } catch (error) {
      await redis?.close();
      await db.close();
      throw error;
    }
  }

  /** Binds a domain's models to the connection; their indexes are built at start. */
  registerModels<M extends ModelSet>(factory: (conn: Connection) => M): M {
    const models = factory(this.db.connection);
    this.modelSets.push(models);
    return models;
  }

  /** The auth domain says how a cookie token becomes a person; every channel asks it. */
  useAuthenticator(authenticator: Authenticator): void {
    this.authenticator = authenticator;
  }

  /** Every channel resolves sessions through this, whichever domain provides them. */
  readonly sessions: Authenticator = ((platform: Platform) => ({
    get maxAgeMs() {
      return platform.requireAuthenticator().maxAgeMs;
    },
    resolve: async (token) => {
      // what any channel resolves, the sync endpoint may answer from: a page asks for its
      // session and then connects its document (forgotten like its own, see KnownSessions)
      const ticket = platform.collab.sessionTicket();
      const session = await platform.requireAuthenticator().resolve(token);
      if (token && session) platform.collab.offerSession(token, session, ticket);
      return session;
    },
    rotate: (token) => platform.requireAuthenticator().rotate(token),
  }))(this);

  private requireAuthenticator(): Authenticator {
    if (!this.authenticator) throw new Error('no authenticator registered');
    return this.authenticator;
  }

  registerRouter(router: Router): void {
    this.routers.push(router);
  }

  registerSocketHandlers(registration: SocketRegistration): void {
    this.socketRegistrations.push(registration);
  }

  /**
   * A domain guards the Socket.IO channels it names (`room:<id>`): a recovering
   * socket gets them back, with the packets it missed, only when the check passes.
   */
  registerChannelCheck(prefix: string, check: ChannelCheck): void {
    this.channelChecks.set(prefix, check);
  }

  /** Builds indexes, checks every rule's scope has a loader, and mounts HTTP, Socket.IO and Yjs. */
  async start(): Promise<void> {
    for (const models of this.modelSets) await syncIndexes(models);
    this.policy.assertScopes(
      [...Object.values(REST_RULES), ...Object.values(SOCKET_RULES)].flatMap((rule) =>
        rule.access === 'action' ? [rule.scope] : [],
      ),
    );
    const sessions = this.requireAuthenticator();
    const { config, logger } = this;
    const app = createExpress({
      // through the facade: what a request resolves, an upgrade right after it may use
      sessions: this.sessions,
      cookieSecure: config.cookieSecure,
      logger,
      clientDist: config.clientDist,
      routers: this.routers,
      frameOrigins: config.calls.jitsiOrigin ? [config.calls.jitsiOrigin] : [],
    });
    this.httpServer.on('request', app);
    this.io = createIo(
      this.httpServer,
      this.sessions,
      this.bus,
      logger,
      recoveryCheck(this.sessions, this.channelChecks, logger),
      // across nodes: the Redis Streams adapter, which keeps connection-state recovery working
      this.redis ? createAdapter(this.redis.client, { streamName: `${KEY_PREFIX}socket.io` }) : undefined,
    );
    const handle = eventRegistrar({
      sessions,
      policy: this.policy,
      logger: logger.child({ domain: 'realtime' }),
      limits: config.socketEvents,
    });
    this.io.on('connection', (socket) => {
      for (const register of this.socketRegistrations) register(socket, { io: this.io, handle });
    });
    this.httpServer.on('upgrade', (req, socket, head) => {
      if (this.collab.matches(req)) {
        this.collab.handleUpgrade(req, socket, head).catch((error: unknown) => {
          logger.error({ err: error }, 'sync upgrade failed');
          socket.destroy();
        });
        return;
      }
      if (!(req.url ?? '').startsWith('/socket.io/')) socket.destroy();
    });
    // sessions end by time too (expiry, idle): check the ones behind open connections
    if (sessions.checkLive) {
      const checkLive = sessions.checkLive.bind(sessions);
      this.sessionCheck = setInterval(() => {
        const sync = this.collab.sessionTokens();
        const sockets = [...this.io.of('/').sockets.values()].map((socket) => socket.data.token);
        checkLive([...sync.all, ...sockets], sync.active).catch((error: unknown) =>
          logger.warn({ err: error }, 'session check failed'),
        );
      }, config.sessionCheckMs);
      this.sessionCheck.unref();
    }
    this.bus.subscribe('access:changed', (change) => this.collab.onAccessChanged(change));
  }

  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(this.config.port, this.config.host, () => {
        const { port } = this.httpServer.address() as AddressInfo;
        const host = ['0.0.0.0', '127.0.0.1'].includes(this.config.host) ? 'localhost' : this.config.host;
        resolve(`http://${host}:${port}`);
      });
    });
  }

  /** Stores what is queued, closes every channel, then the database; `beforeClose` hooks run first. */
  close(beforeClose: () => void = () => undefined): Promise<void> {
    return (this.closed ??= (async () => {
      // every step runs even if one before it failed: a stop must always reach the database's own
      // (the embedded one is a child process that would otherwise outlive this one)
      let failure: unknown = null;
      const step = async (what: string, run: () => unknown) => {
        try {
          await run();
        } catch (error) {
          this.logger.error({ err: error }, `shutdown: ${what} failed`);
          failure ??= error;
        }
      };
      await step('domains', beforeClose);
      clearInterval(this.sessionCheck);
      await step('sync server', () => this.collab.close());
      await step('journal', () => this.journal?.close());
      await step('Socket.IO', () => this.io?.close());
      this.httpServer.closeAllConnections();
      await step('bus', () => this.bus.close());
      await step('Redis', () => this.redis?.close());
      await step('database', () => this.db.close());
      if (failure) throw failure;
    })());
  }
}
