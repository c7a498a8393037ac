import { roundtableChannel } from '../../shared/events.js';
import type { AccountService } from '../accounts/account.service.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuthModels } from '../auth/models.js';
import type { NetworkModels } from '../network/network.model.js';
import type { Platform } from '../platform/platform.js';
import type { PlansDomain } from '../plans/domain.js';
import { SOCKET_RULES } from '../policy/rules.js';
import type { RoomModels } from '../rooms/room.model.js';
import type { MachineTranslator } from '../threads/translation/machine.js';
import type { RoomsService } from '../rooms/rooms.service.js';
import { Mailer } from '../platform/mailer.js';
import { RoundtableInvites } from './invites.js';
import { LiveSessions } from './live.js';
import { Minutes } from './minutes.js';
import { notesDocumentKind } from './notes.js';
import { roundtablesPersonalData } from './personalData.js';
import { PollResults } from './pollResults.js';
import { QuestionTranslations } from './questionTranslations.js';
import { roundtableModels, type RoundtableModels } from './roundtable.model.js';
import { RoundtablesService } from './roundtables.service.js';
import { roundtableRoutes } from './routes.js';
import { loadRoundtable, registerRoundtablePolicy, roundtableScope } from './scope.js';
import { onRoundtableAccessChanged, registerRoundtableHandlers } from './socket.js';

export interface RoundtablesDomain {
  models: RoundtableModels;
  roundtables: RoundtablesService;
  live: LiveSessions;
  close(): void;
}

/** Live roundtables: scheduling, invites, the live session state, polls and dot votes onto the plan. */
export function registerRoundtables(
  platform: Platform,
  deps: {
    network: NetworkModels;
    auth: { models: Pick<AuthModels, 'User'> };
    rooms: RoomsService;
    roomModels: Pick<RoomModels, 'Room'>;
    plans: Pick<PlansDomain, 'models' | 'guard'>;
    /** The threads' machine translation, for questions (null: not configured). */
    machine: MachineTranslator | null;
    audit: AuditLog;
    accounts: AccountService;
  },
): RoundtablesDomain {
  const { policy, route, logger, config, collab, bus } = platform;
  const models = platform.registerModels(roundtableModels);
  registerRoundtablePolicy(policy, models);
  collab.registerKind(notesDocumentKind(policy, models));
  const all = { ...models, ...deps.network, Plan: deps.plans.models.Plan, User: deps.auth.models.User };
  const roundtables = new RoundtablesService(all, policy, deps.rooms, deps.audit, {
    machineTranslation: deps.machine !== null,
    jitsiOrigin: config.calls.jitsiOrigin,
  });
  const log = logger.child({ domain: 'roundtables' });
  // each state change goes out once to the whole session, whichever node its sockets are on
  const live = new LiveSessions(models, (id, state) => bus.publish('roundtable:state', { ...id, state }), log);
  // every node hears each change once (cluster mode: through Redis) and tells its own sockets;
  // a state older than one already sent (another node's, arriving late) is not sent after it
  const sent = new Map<string, number>();
  bus.subscribe('roundtable:state', ({ roundtableId, session, state }) => {
    live.heard({ roundtableId, session }, state.version);
    const channel = roundtableChannel(roundtableId, session);
    if (state.version < (sent.get(channel) ?? 0)) return;
    sent.set(channel, state.version);
    platform.io.local.to(channel).emit('roundtable:state', state);
  });
  deps.accounts.registerPersonalData(roundtablesPersonalData(models, live));
  const polls = new PollResults(deps.plans.models, collab, deps.plans.guard, live, log);
  // where a person comes from and what they read, shown beside their name in the session
  const placeOf = async (userId: string) => {
    const user = await all.User.findById(userId).select('cityId language').lean();
    const city = user?.cityId ? await all.City.findById(user.cityId).select('name').lean() : null;
    return { city: city?.name ?? '', language: user?.language ?? 'en' };
  };
  const questions = new QuestionTranslations(live, deps.machine, log);
  const minutes = new Minutes({ ...deps.plans.models, ...deps.roomModels }, live, deps.plans.guard, collab);
  const mailer = new Mailer(config.smtpUrl, config.mailFrom, log);
  const invites = new RoundtableInvites(all, mailer, log);
  platform.registerRouter(roundtableRoutes(route, { roundtables, minutes, invites, collab }, policy, config));
  // a recovering socket keeps a session's channel only while it may still read the roundtable
  platform.registerChannelCheck('roundtable', async (actor, rest) => {
    const roundtable = await loadRoundtable(models, rest.split(':')[0] ?? '');
    await policy.authorize(actor, SOCKET_RULES['roundtable:join'].action, roundtableScope(roundtable));
  });
  platform.registerSocketHandlers((socket, { handle }) =>
    registerRoundtableHandlers(socket, { handle, live, polls, placeOf, questions, logger: log }),
  );
  bus.subscribe('access:changed', (change) => {
    onRoundtableAccessChanged(platform.io, live, log, change).catch((error: unknown) =>
      log.error({ err: error }, 'could not apply an access change to roundtable sessions'),
    );
  });
  return { models, roundtables, live, close: () => mailer.close() };
}
