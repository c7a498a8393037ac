import { roomChannel, userChannel } from '../../shared/events.js';
import type { Policy } from '../policy/policy.js';
import { SOCKET_RULES } from '../policy/rules.js';
import type { AccessChange, Bus } from '../realtime/bus.js';
import type { IoServer, IoSocket } from '../realtime/io.js';
import type { PresenceTracker } from './presence.js';
import { roomScope, loadRoom } from './scope.js';
import type { RoomModels } from './room.model.js';

const ROOM_PREFIX = roomChannel('');

/**
 * Applies an access change to this node's Socket.IO connections at once: a
 * person signed out everywhere is disconnected; otherwise their sockets leave the
 * rooms the change concerns (they get `room:access-changed` and may join again
 * if still allowed).
 */
export async function onAccessChanged(
  io: IoServer,
  presence: PresenceTracker,
  bus: Bus,
  change: AccessChange,
): Promise<void> {
  const sockets = await io.local.in(userChannel(change.userId)).fetchSockets();
  if (change.signedOut) {
    for (const socket of sockets)
      if (!change.keepToken || socket.data.token !== change.keepToken) socket.disconnect(true);
    return;
  }
  const concerned = change.resourceIds ? new Set(change.resourceIds) : null;
  const left = new Set<string>();
  for (const socket of sockets) {
    for (const [channel, ids] of Object.entries(socket.data.resources ?? {})) {
      // other domains' channels (a roundtable's sessions) are theirs to handle
      if (!channel.startsWith(ROOM_PREFIX)) continue;
      if (concerned && !ids.some((id) => concerned.has(id))) continue;
      socket.leave(channel);
      delete socket.data.resources?.[channel];
      const roomId = channel.slice(ROOM_PREFIX.length);
      socket.emit('room:access-changed', { roomId });
      left.add(roomId);
    }
  }
  for (const roomId of left) {
    let removed = false;
    for (const socket of sockets) removed = presence.remove(socket, roomId) || removed;
    if (removed) bus.publish('presence:changed', { scopeId: roomId });
  }
}

/**
 * Connection-state recovery gives a socket back the rooms it was in; the session
 * was checked again by the middleware, and here each room is checked again too.
 */
export async function revalidateRecoveredRooms(
  socket: IoSocket,
  policy: Policy,
  models: RoomModels,
  presence: PresenceTracker,
): Promise<void> {
  for (const channel of [...socket.rooms]) {
    if (!channel.startsWith(ROOM_PREFIX)) continue;
    const roomId = channel.slice(ROOM_PREFIX.length);
    try {
      const room = await loadRoom(models, roomId);
      await policy.authorize(socket.data.actor, SOCKET_RULES['room:join'].action, roomScope(room));
    } catch {
      await socket.leave(channel);
      presence.remove(socket, roomId);
      socket.emit('room:access-changed', { roomId });
    }
  }
}
