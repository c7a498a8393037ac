import { roomChannel } from '../../shared/events.js';
import { threadHistorySchema, threadPostSchema } from '../../shared/schemas/threads.js';
import type { Handle, IoServer, IoSocket } from '../realtime/io.js';
import { scopedRoom } from '../rooms/scope.js';
import type { ThreadsService } from './threads.service.js';

/** `thread:post` stores then broadcasts `thread:posted`; `thread:history` pages back in time. */
export function registerThreadHandlers(
  io: IoServer,
  socket: IoSocket,
  deps: { handle: Handle; threads: ThreadsService },
): void {
  const { handle, threads } = deps;
  handle(socket, 'thread:post', threadPostSchema, async (input, ctx) => {
    const { message, created } = await threads.post(ctx.actor, scopedRoom(ctx), input);
    if (created) io.to(roomChannel(input.roomId)).except(socket.id).emit('thread:posted', message);
    return message;
  });
  handle(socket, 'thread:history', threadHistorySchema, (input, ctx) => threads.history(scopedRoom(ctx), input));
}
