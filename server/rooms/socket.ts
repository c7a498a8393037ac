import { roomChannel } from '../../shared/events.js';
import { roomJoinSchema } from '../../shared/schemas/rooms.js';
import type { Bus } from '../realtime/bus.js';
import type { Handle, IoServer, IoSocket } from '../realtime/io.js';
import type { PresenceTracker } from './presence.js';
import type { RoomsService } from './rooms.service.js';
import { roomResourceIds, scopedRoom } from './scope.js';

/** `room:join` / `room:leave` and the presence list that follows them. */
export function registerRoomHandlers(
  io: IoServer,
  socket: IoSocket,
  deps: { handle: Handle; rooms: RoomsService; presence: PresenceTracker; bus: Bus },
): void {
  const { handle, rooms, presence, bus } = deps;
  const broadcastPresence = (roomId: string) => bus.publish('presence:changed', { scopeId: roomId });

  handle(socket, 'room:join', roomJoinSchema, async ({ roomId }, ctx) => {
    const { actor, roles } = ctx;
    const room = scopedRoom(ctx);
    await socket.join(roomChannel(roomId));
    (socket.data.resources ??= {})[roomChannel(roomId)] = roomResourceIds(room);
    presence.add(roomId, socket.id, { userId: actor.id, name: actor.name, color: socket.data.color });
    broadcastPresence(roomId);
    return { room: await rooms.view(room, roles), presence: presence.list(roomId) };
  });

  handle(socket, 'room:leave', roomJoinSchema, async ({ roomId }) => {
    await socket.leave(roomChannel(roomId));
    delete socket.data.resources?.[roomChannel(roomId)];
    if (presence.remove(roomId, socket.id)) broadcastPresence(roomId);
    return null;
  });

  socket.on('disconnecting', () => {
    for (const channel of socket.rooms) {
      if (!channel.startsWith(roomChannel(''))) continue;
      const roomId = channel.slice(roomChannel('').length);
      if (presence.remove(roomId, socket.id)) broadcastPresence(roomId);
    }
  });
}
