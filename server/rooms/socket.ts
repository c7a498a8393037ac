import { roomChannel } from '../../shared/events.js';
import { roomJoinSchema } from '../../shared/schemas/rooms.js';
import type { Policy } from '../policy/policy.js';
import { SOCKET_RULES } from '../policy/rules.js';
import type { Handle, IoServer, IoSocket } from '../realtime/io.js';
import type { PresenceTracker } from './presence.js';
import type { RoomsService } from './rooms.service.js';

/** `room:join` / `room:leave` and the presence list that follows them. */
export function registerRoomHandlers(
  io: IoServer,
  socket: IoSocket,
  deps: { handle: Handle; rooms: RoomsService; presence: PresenceTracker; policy: Policy },
): void {
  const { handle, rooms, presence, policy } = deps;
  const broadcastPresence = (roomId: string) =>
    io.to(roomChannel(roomId)).emit('room:presence', { roomId, presence: presence.list(roomId) });

  handle(socket, 'room:join', roomJoinSchema, async ({ roomId }, { actor }) => {
    // joined first, then checked again: a revocation during the first check is seen here,
    // one from now on reaches the socket through the room's channel
    await socket.join(roomChannel(roomId));
    let access: Awaited<ReturnType<Policy['requireRoom']>>;
    try {
      access = await policy.requireRoom(actor, roomId, SOCKET_RULES['room:join'].action);
    } catch (error) {
      await socket.leave(roomChannel(roomId));
      throw error;
    }
    presence.add(roomId, socket.id, { userId: actor.id, name: actor.name, color: socket.data.color });
    broadcastPresence(roomId);
    return { room: await rooms.view(access.room, access.roles), presence: presence.list(roomId) };
  });

  handle(socket, 'room:leave', roomJoinSchema, async ({ roomId }) => {
    await socket.leave(roomChannel(roomId));
    if (presence.remove(roomId, socket.id)) broadcastPresence(roomId);
    return null;
  });

  socket.on('disconnecting', () => {
    for (const channel of socket.rooms) {
      if (!channel.startsWith(roomChannel(''))) continue;
      const roomId = channel.slice(roomChannel('').length);
      if (presence.remove(roomId, socket.id)) {
        socket.to(channel).emit('room:presence', { roomId, presence: presence.list(roomId) });
      }
    }
  });
}
