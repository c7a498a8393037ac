import type { AccountService } from '../accounts/account.service.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuthModels } from '../auth/models.js';
import type { NetworkModels } from '../network/network.model.js';
import type { Platform } from '../platform/platform.js';
import { SOCKET_RULES } from '../policy/rules.js';
import type { RoomModels } from '../rooms/room.model.js';
import { ThreadChannels } from './access.js';
import { ThreadBroadcaster } from './broadcast.js';
import { threadModels, type ThreadModels } from './message.model.js';
import { MessageWriter } from './messages.service.js';
import { fillMessageLanguages, migrateRoomMessages } from './migrate.js';
import { Notifications } from './notifications.js';
import { UnreadPusher } from './unreadPush.js';
import { buildMissingPages, CACHED_MESSAGES, MessageCache, ThreadPages } from './pages.js';
import { threadsPersonalData } from './personalData.js';
import { ThreadSearchIndex } from './search.js';
import { threadRoutes } from './routes.js';
import { RedisKeyedQueue } from '../cluster/locks.js';
import { LocalSerialQueue, type SerialQueue } from './serial.js';
import { registerThreadHandlers } from './socket.js';
import { ThreadSubjects, type PlanPlaceResolver } from './subjects.js';
import { ThreadReader } from './threads.service.js';
import { Glossary } from './translation/glossary.js';
import { LibreTranslateProvider } from './translation/libretranslate.js';
import { MachineTranslator } from './translation/machine.js';
import { registerTranslationHandlers } from './translation/socket.js';
import { translationsPersonalData } from './translation/personalData.js';
import { translationModels } from './translation/translation.model.js';
import { Translations } from './translation/translations.service.js';

export interface ThreadsDomain {
  models: ThreadModels;
  reader: ThreadReader;
  /** The plans domain says how a priority's place is found (see server/plans/threadSubject.ts). */
  registerPlanResolver(resolver: PlanPlaceResolver): void;
  /** Moves messages from before threads had subjects into their room's thread (at start). */
  migrate(): Promise<number>;
  /** Stops pending pushes (at shutdown). */
  close(): void;
  /** The platform's machine translation (glossary, timeout), or null without LIBRETRANSLATE_URL. */
  machine: MachineTranslator | null;
}

/** Discussion threads on priorities, rooms and groups: persisted, numbered, live over Socket.IO. */
export function registerThreads(
  platform: Platform,
  deps: {
    accounts: AccountService;
    audit: AuditLog;
    auth: { models: Pick<AuthModels, 'User'> };
    rooms: RoomModels;
    network: Pick<NetworkModels, 'Group'>;
  },
): ThreadsDomain {
  const { policy, route, bus, logger, config } = platform;
  const models = platform.registerModels(threadModels);
  const subjects = new ThreadSubjects({ ...models, ...deps.rooms, Group: deps.network.Group }, policy);
  policy.registerScope('thread:payload', ({ payload }) => subjects.load(payload));
  const local = new LocalSerialQueue();
  const queue: SerialQueue = platform.redis ? new RedisKeyedQueue(platform.redis, local, 'thread') : local;
  const io = () => platform.io;
  const broadcast = new ThreadBroadcaster(io, models);
  const lt = config.translation.libretranslate;
  // another node's writes never reach this node's message cache: none in cluster mode
  const pages = new ThreadPages(models, new MessageCache(platform.redis ? 0 : CACHED_MESSAGES));
  const searchIndex = new ThreadSearchIndex(models);
  const reader = new ThreadReader(models, queue, lt !== null, pages, searchIndex);
  // per person across every node in cluster mode
  const postLimit = platform.failureLimiters('thread-posts', config.threads.postsPerMinute, 60_000);
  const writer = new MessageWriter(models, queue, broadcast, deps.audit, postLimit, pages, searchIndex, logger);
  const notifications = new Notifications({ ...models, User: deps.auth.models.User }, policy, io);
  const channels = new ThreadChannels();
  const unread = new UnreadPusher(models, reader, notifications, (threadId) => subjects.load({ threadId }), io, logger);
  const tmodels = platform.registerModels(translationModels);
  // the one machine translation of the platform: messages here, roundtable questions (handed on)
  const machine = lt
    ? new MachineTranslator(new LibreTranslateProvider(lt.url, lt.apiKey), new Glossary(), config.translation.timeoutMs)
    : null;
  const translations = new Translations(
    { ...models, ...tmodels },
    machine,
    io,
    logger,
    pages,
    deps.audit,
    (threadId) => subjects.load({ threadId }),
    policy,
  );
  deps.accounts.registerPersonalData(
    threadsPersonalData(
      models,
      async (written, how) => {
        await pages.forget(written);
        await (how === 'erased' ? searchIndex.erased(written) : searchIndex.renamed(written));
      },
      async (messageIds) => {
        await tmodels.MessageTranslation.deleteMany({ messageId: { $in: messageIds } });
        await tmodels.TranslationReport.deleteMany({ messageId: { $in: messageIds } });
      },
    ),
  );
  deps.accounts.registerPersonalData(translationsPersonalData(tmodels));
  platform.registerRouter(threadRoutes(route, reader, notifications, translations));
  platform.registerSocketHandlers((socket, { handle }) =>
    registerThreadHandlers(socket, {
      handle,
      policy,
      reader,
      writer,
      broadcast,
      notifications,
      channels,
      unread,
      users: deps.auth.models,
      logger,
    }),
  );
  platform.registerSocketHandlers((socket, { handle }) =>
    registerTranslationHandlers(socket, { handle, policy, reader, translations }),
  );
  const recheck = (payload: Record<string, string>) => async (actor: Parameters<typeof policy.authorize>[0]) => {
    const scope = await subjects.load(payload);
    await policy.authorize(actor, SOCKET_RULES['thread:open'].action, scope);
  };
  platform.registerChannelCheck('thread', (actor, threadId) => recheck({ threadId })(actor));
  platform.registerChannelCheck('plan-threads', (actor, planId) => recheck({ planId })(actor));
  bus.subscribe('access:changed', (change) => {
    channels
      .onAccessChanged(platform.io, change)
      .catch((error: unknown) => logger.error({ err: error }, 'could not apply an access change to thread sockets'));
  });
  return {
    models,
    reader,
    registerPlanResolver: (resolver) => subjects.registerPlanResolver(resolver),
    machine,
    migrate: async () => {
      const moved = await migrateRoomMessages(models, reader, logger);
      await buildMissingPages(models, logger);
      pages.cache.clear();
      await fillMessageLanguages(models, deps.auth.models, logger, (written) => pages.forget(written));
      return moved;
    },
    close: () => unread.close(),
  };
}
