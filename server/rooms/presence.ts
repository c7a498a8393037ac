import type { PresenceEntry } from '../../shared/schemas/rooms.js';

/** Who is in which room right now, per socket; a person with two tabs is listed once. */
export class PresenceTracker {
  private readonly rooms = new Map<string, Map<string, PresenceEntry>>();

  add(roomId: string, socketId: string, entry: PresenceEntry): void {
    let sockets = this.rooms.get(roomId);
    if (!sockets) this.rooms.set(roomId, (sockets = new Map()));
    sockets.set(socketId, entry);
  }

  /** Returns true when the socket was present. */
  remove(roomId: string, socketId: string): boolean {
    const sockets = this.rooms.get(roomId);
    if (!sockets?.delete(socketId)) return false;
    if (sockets.size === 0) this.rooms.delete(roomId);
    return true;
  }

  /** Removes every socket of one person from a room; true when any was present. */
  removeUser(roomId: string, userId: string): boolean {
    const sockets = this.rooms.get(roomId);
    if (!sockets) return false;
    let removed = false;
    for (const [socketId, entry] of sockets) {
      if (entry.userId === userId) removed = sockets.delete(socketId) || removed;
    }
    if (sockets.size === 0) this.rooms.delete(roomId);
    return removed;
  }

  list(roomId: string): PresenceEntry[] {
    const byUser = new Map<string, PresenceEntry>();
    for (const entry of this.rooms.get(roomId)?.values() ?? []) byUser.set(entry.userId, entry);
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
