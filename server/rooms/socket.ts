import { roomChannel } from '../../shared/events.js';
import { roomJoinSchema } from '../../shared/schemas/rooms.js';
import type { Actor } from '../policy/policy.js';
import type { Role } from '../policy/permissions.js';
import type { Bus } from '../realtime/bus.js';
import type { Handle, IoServer, IoSocket } from '../realtime/io.js';
import type { PresenceTracker } from './presence.js';
import type { RoomRecord } from './room.model.js';
import type { RoomsService } from './rooms.service.js';
import { roomResourceIds, scopedRoom } from './scope.js';

/** `room:join` / `room:leave` and the presence list that follows them. */
export function registerRoomHandlers(
  io: IoServer,
  socket: IoSocket,
  deps: {
    handle: Handle;
    rooms: RoomsService;
    presence: PresenceTracker;
    bus: Bus;
    /** Loads and authorizes the room again (throws when the person may not join it). */
    recheck: (actor: Actor, roomId: string) => Promise<{ room: RoomRecord; roles: Set<Role> }>;
  },
): void {
  const { handle, rooms, presence, bus, recheck } = deps;
  const broadcastPresence = (roomId: string) => bus.publish('presence:changed', { scopeId: roomId });

  handle(socket, 'room:join', roomJoinSchema, async ({ roomId }, ctx) => {
    const { actor } = ctx;
    const channel = roomChannel(roomId);
    // joined (and listening for access changes) first, then checked again: a revocation
    // during the first check is seen here, one from now on reaches the socket through the bus
    await socket.join(channel);
    (socket.data.resources ??= {})[channel] = roomResourceIds(scopedRoom(ctx));
    let access: Awaited<ReturnType<typeof recheck>>;
    try {
      access = await recheck(actor, roomId);
    } catch (error) {
      await socket.leave(channel);
      delete socket.data.resources?.[channel];
      throw error;
    }
    presence.add(socket, roomId);
    broadcastPresence(roomId);
    return { room: await rooms.view(access.room, access.roles), presence: await presence.list(io, roomId) };
  });

  handle(socket, 'room:leave', roomJoinSchema, async ({ roomId }) => {
    await socket.leave(roomChannel(roomId));
    delete socket.data.resources?.[roomChannel(roomId)];
    if (presence.remove(socket, roomId)) broadcastPresence(roomId);
    return null;
  });

  socket.on('disconnecting', () => {
    for (const channel of socket.rooms) {
      if (!channel.startsWith(roomChannel(''))) continue;
      const roomId = channel.slice(roomChannel('').length);
      if (presence.remove(socket, roomId)) broadcastPresence(roomId);
    }
  });
}
