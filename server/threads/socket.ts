import { roomChannel } from '../../shared/events.js';
import { threadHistorySchema, threadPostSchema } from '../../shared/schemas/threads.js';
import type { Handle, IoServer, IoSocket } from '../realtime/io.js';
import type { ThreadsService } from './threads.service.js';

/** `thread:post` stores then broadcasts `thread:posted`; `thread:history` pages back in time. */
export function registerThreadHandlers(
  io: IoServer,
  socket: IoSocket,
  deps: { handle: Handle; threads: ThreadsService },
): void {
  const { handle, threads } = deps;
  handle(socket, 'thread:post', threadPostSchema, async (input, { actor, room }) => {
    const { message, created } = await threads.post(actor, room!, input);
    if (created) io.to(roomChannel(input.roomId)).except(socket.id).emit('thread:posted', message);
    return message;
  });
  handle(socket, 'thread:history', threadHistorySchema, (input, { room }) => threads.history(room!, input));
}
