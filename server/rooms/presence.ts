import { roomChannel } from '../../shared/events.js';
import type { PresenceEntry } from '../../shared/schemas/rooms.js';
import type { IoServer, IoSocket } from '../realtime/io.js';

/**
 * Who is in which room right now. Each socket carries the rooms it is shown in
 * (`socket.data.present`), so the list is read from the sockets in the room's
 * channel wherever they are connected: on one node its own, in cluster mode every
 * node's (the adapter asks the others). A person with two tabs is listed once.
 */
export class PresenceTracker {
  add(socket: Pick<IoSocket, 'data'>, roomId: string): void {
    (socket.data.present ??= {})[roomId] = true;
  }

  /** Returns true when the socket was shown in the room. */
  remove(socket: Pick<IoSocket, 'data'>, roomId: string): boolean {
    if (!socket.data.present?.[roomId]) return false;
    delete socket.data.present[roomId];
    return true;
  }

  async list(io: IoServer, roomId: string): Promise<PresenceEntry[]> {
    const sockets = await io.in(roomChannel(roomId)).fetchSockets();
    const byUser = new Map<string, PresenceEntry>();
    for (const { data } of sockets) {
      if (!data.present?.[roomId]) continue;
      byUser.set(data.actor.id, { userId: data.actor.id, name: data.actor.name, color: data.color });
    }
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
