import { roomChannel, userChannel } from '../../shared/events.js';
import type { Policy } from '../policy/policy.js';
import { SOCKET_RULES } from '../policy/rules.js';
import type { PresenceTracker } from '../rooms/presence.js';
import type { SessionStore } from '../auth/sessions.js';
import type { AccessChange } from './access.js';
import type { IoServer, IoSocket, RecoveryCheck } from './io.js';

/**
 * Applies an access change to live Socket.IO connections at once: a person
 * signed out everywhere is disconnected; otherwise their sockets leave the rooms
 * concerned (they get `room:access-changed` and may join again if still allowed).
 */
export function onAccessChanged(io: IoServer, presence: PresenceTracker, change: AccessChange): void {
  const sockets = io.in(userChannel(change.userId));
  if (change.signedOut) {
    sockets.disconnectSockets(true);
    return;
  }
  for (const roomId of change.roomIds ?? []) {
    sockets.socketsLeave(roomChannel(roomId));
    if (presence.removeUser(roomId, change.userId)) {
      io.to(roomChannel(roomId)).emit('room:presence', { roomId, presence: presence.list(roomId) });
    }
    sockets.emit('room:access-changed', { roomId });
  }
}

/**
 * Connection-state recovery gives a socket back the rooms it was in; the session
 * was checked again by the middleware, and here each room is checked again too.
 */
export async function revalidateRecoveredRooms(
  socket: IoSocket,
  policy: Policy,
  presence: PresenceTracker,
): Promise<void> {
  for (const channel of [...socket.rooms]) {
    if (!channel.startsWith(roomChannel(''))) continue;
    const roomId = channel.slice(roomChannel('').length);
    try {
      await policy.requireRoom(socket.data.actor, roomId, SOCKET_RULES['room:join'].action);
    } catch {
      await socket.leave(channel);
      presence.remove(roomId, socket.id);
      socket.emit('room:access-changed', { roomId });
    }
  }
}

/**
 * A socket may recover its rooms, and the messages it missed in them, only while its
 * session still belongs to the same person and every one of those rooms still admits them.
 */
export function recoveryCheck(sessions: SessionStore, policy: Policy): RecoveryCheck {
  return async (data, rooms) => {
    const session = await sessions.resolve(data.token);
    if (!session || String(session.user._id) !== data.actor?.id) return false;
    const actor = { id: data.actor.id, name: session.user.name, isAdmin: session.user.isAdmin };
    for (const channel of rooms) {
      if (!channel.startsWith(roomChannel(''))) continue;
      try {
        await policy.requireRoom(actor, channel.slice(roomChannel('').length), SOCKET_RULES['room:join'].action);
      } catch {
        return false;
      }
    }
    return true;
  };
}
