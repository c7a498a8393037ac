import { roomChannel } from '../../shared/events.js';
import type { AccountService } from '../accounts/account.service.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { NetworkModels } from '../network/network.model.js';
import type { Platform } from '../platform/platform.js';
import type { Actor } from '../policy/policy.js';
import { SOCKET_RULES } from '../policy/rules.js';
import { onAccessChanged, revalidateRecoveredRooms } from './access.js';
import { roomDocumentKind } from './collab.js';
import { roomsPersonalData } from './personalData.js';
import { PresenceTracker } from './presence.js';
import { roomModels, type RoomModels } from './room.model.js';
import { RoomsService } from './rooms.service.js';
import { roomRoutes } from './routes.js';
import { loadRoom, registerRoomPolicy, roomScope } from './scope.js';
import { registerRoomHandlers } from './socket.js';

export interface RoomsDomain {
  models: RoomModels;
  rooms: RoomsService;
}

/** Roundtable rooms: their co-edited document kind, who is present, guests, and the room routes and events. */
export function registerRooms(
  platform: Platform,
  deps: { network: NetworkModels; audit: AuditLog; accounts: AccountService },
): RoomsDomain {
  const { policy, bus, route, collab, logger } = platform;
  const models = platform.registerModels(roomModels);
  registerRoomPolicy(policy, models);
  collab.registerKind(roomDocumentKind(policy, models));
  const rooms = new RoomsService({ ...models, ...deps.network }, policy, deps.audit);
  const presence = new PresenceTracker();
  deps.accounts.registerPersonalData(roomsPersonalData(models));
  platform.registerRouter(roomRoutes(route, rooms, collab));
  const recheck = async (actor: Actor, roomId: string) => {
    const room = await loadRoom(models, roomId);
    return { room, roles: await policy.authorize(actor, SOCKET_RULES['room:join'].action, roomScope(room)) };
  };
  platform.registerChannelCheck('room', async (actor, roomId) => void (await recheck(actor, roomId)));
  platform.registerSocketHandlers((socket, { io, handle }) => {
    registerRoomHandlers(io, socket, { handle, rooms, presence, bus, recheck });
    if (socket.recovered) void revalidateRecoveredRooms(socket, policy, models, presence);
  });
  // who is in a room reaches everyone in it: each node tells its own sockets the list read from all nodes
  bus.subscribe('presence:changed', ({ scopeId: roomId }) => {
    presence
      .list(platform.io, roomId)
      .then((list) => platform.io.local.to(roomChannel(roomId)).emit('room:presence', { roomId, presence: list }))
      .catch((error: unknown) => logger.warn({ err: error, roomId }, 'could not read who is in a room'));
  });
  bus.subscribe('access:changed', (change) => {
    onAccessChanged(platform.io, presence, bus, change).catch((error: unknown) =>
      logger.error({ err: error }, 'could not apply an access change to sockets'),
    );
  });
  return { models, rooms };
}
