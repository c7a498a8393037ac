import type { Server } from 'node:http';
import * as Y from 'yjs';
import { registerAccounts } from './accounts/domain.js';
import { registerAudit } from './audit/domain.js';
import { registerAuth } from './auth/domain.js';
import type { CollabServer } from './collab/server.js';
import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import { registerInvitations } from './invitations/domain.js';
import { createLogger, type Logger } from './logger.js';
import type { Models } from './models.js';
import { registerNetwork } from './network/domain.js';
import { registerPlans } from './plans/domain.js';
import { priorityPlace } from './plans/threadSubject.js';
import type { JournaledStore } from './collab/journal.js';
import { Platform, type PlatformOptions } from './platform/platform.js';
import type { RestRoute } from './policy/rules.js';
import type { IoServer } from './realtime/io.js';
import { registerRooms, type RoomsDomain } from './rooms/domain.js';
import { seedDemo, type DemoSeedResult } from './seed/demo.js';
import { seedDemoPlans } from './seed/plans.js';
import { registerThreads } from './threads/domain.js';
import { registerRoundtables } from './roundtables/domain.js';
import { seedDemoRoundtable } from './seed/roundtables.js';

export interface App {
  httpServer: Server;
  io: IoServer;
  collab: CollabServer;
  /** One node's local journal of document updates; null in a cluster, when off, or with a test's own store. */
  journal: JournaledStore | null;
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

/**
 * Builds the whole server on one HTTP server: the platform (database, policy,
 * bus, REST, Socket.IO, Yjs sync), then each domain registers what it owns.
 */
export async function createApp(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  options: PlatformOptions = {},
): Promise<App> {
  const platform = await Platform.create(config, logger, options);
  try {
    const audit = registerAudit(platform);
    const auth = await registerAuth(platform, { audit });
    const accounts = registerAccounts(platform, { auth, audit });
    // a group's page lists its rooms; the rooms domain (registered after it) answers
    const later: { rooms?: RoomsDomain } = {};
    const network = registerNetwork(platform, {
      auth,
      audit,
      accounts,
      roomsOfGroup: (groupId) => later.rooms!.rooms.titlesFor(groupId),
    });
    const rooms = (later.rooms = registerRooms(platform, { network: network.models, audit, accounts }));
    const threads = registerThreads(platform, {
      accounts,
      audit,
      auth,
      rooms: rooms.models,
      network: network.models,
    });
    const plans = registerPlans(platform, { network: network.models, auth, audit });
    threads.registerPlanResolver(priorityPlace(plans.models));
    const roundtables = registerRoundtables(platform, {
      network: network.models,
      auth,
      rooms: rooms.rooms,
      roomModels: rooms.models,
      plans,
      machine: threads.machine,
      audit,
      accounts,
    });
    const invitations = registerInvitations(platform, { auth, network, rooms: rooms.models, audit, accounts });
    await platform.start();

    const models = platform.db.connection.models as unknown as Models;
    const demo = config.seedDemo
      ? await seedDemo(models, logger, (name, update) =>
          platform.collab.transact(name, (doc) => Y.applyUpdate(doc, update), { kind: 'server', reason: 'demo seed' }),
        )
      : null;
    if (demo) {
      const seededPlans = await seedDemoPlans(plans, models, demo, logger);
      await seedDemoRoundtable(roundtables, models, demo, seededPlans.westernBalkans, logger);
    }
    await threads.migrate();

    return {
      httpServer: platform.httpServer,
      io: platform.io,
      collab: platform.collab,
      journal: platform.journal,
      db: platform.db,
      models,
      logger,
      routes: platform.routes,
      demo,
      listen: () => platform.listen(),
      close: () =>
        platform.close(() => {
          auth.close();
          invitations.close();
          roundtables.close();
          threads.close();
        }),
    };
  } catch (error) {
    await platform.close();
    throw error;
  }
}
