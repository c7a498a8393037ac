import { roomChannel } from '../../shared/events.js';
import { threadHistorySchema, threadPostSchema } from '../../shared/schemas/threads.js';
import type { Logger } from '../logger.js';
import { handle, type IoServer, type IoSocket } from '../realtime/io.js';
import type { ThreadsService } from './threads.service.js';

/** `thread:post` stores then broadcasts `thread:posted`; `thread:history` pages back in time. */
export function registerThreadHandlers(
  io: IoServer,
  socket: IoSocket,
  deps: { threads: ThreadsService; logger: Logger },
): void {
  const { threads, logger } = deps;
  handle(socket, logger, 'thread:post', threadPostSchema, async (input, actor) => {
    const { message, created } = await threads.post(actor, input);
    if (created) io.to(roomChannel(input.roomId)).except(socket.id).emit('thread:posted', message);
    return message;
  });
  handle(socket, logger, 'thread:history', threadHistorySchema, (input, actor) => threads.history(actor, input));
}
