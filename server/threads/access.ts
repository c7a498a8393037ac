import { userChannel } from '../../shared/events.js';
import type { AccessChange } from '../realtime/bus.js';
import type { IoServer } from '../realtime/io.js';

/**
 * The thread channels each socket joined and the resources (room, group, plan, region) its
 * access to them rests on: an access change to any of them makes the socket leave the channel
 * (it gets `thread:access-changed` and may open the thread again if still allowed).
 */
export class ThreadChannels {
  private readonly bySocket = new Map<string, Map<string, string[]>>();

  joined(socketId: string, channel: string, resourceIds: string[]): void {
    const channels = this.bySocket.get(socketId) ?? new Map<string, string[]>();
    channels.set(channel, resourceIds);
    this.bySocket.set(socketId, channels);
  }

  left(socketId: string, channel: string): void {
    this.bySocket.get(socketId)?.delete(channel);
  }

  forget(socketId: string): void {
    this.bySocket.delete(socketId);
  }

  async onAccessChanged(io: IoServer, change: AccessChange): Promise<void> {
    if (change.signedOut) return; // the rooms domain disconnects the sockets
    const concerned = change.resourceIds ? new Set(change.resourceIds) : null;
    for (const socket of await io.local.in(userChannel(change.userId)).fetchSockets()) {
      const channels = this.bySocket.get(socket.id);
      if (!channels) continue;
      for (const [channel, ids] of [...channels]) {
        if (concerned && !ids.some((id) => concerned.has(id))) continue;
        socket.leave(channel);
        channels.delete(channel);
        if (channel.startsWith('thread:')) socket.emit('thread:access-changed', { threadId: channel.slice(7) });
      }
    }
  }
}
