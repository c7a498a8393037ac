import type { AccountService } from '../accounts/account.service.js';
import type { Platform } from '../platform/platform.js';
import { threadModels } from './message.model.js';
import { threadsPersonalData } from './personalData.js';
import { registerThreadHandlers } from './socket.js';
import { ThreadsService } from './threads.service.js';

/** Discussion threads: persisted messages, live over Socket.IO. */
export function registerThreads(platform: Platform, deps: { accounts: AccountService }): ThreadsService {
  const models = platform.registerModels(threadModels);
  const threads = new ThreadsService(models);
  deps.accounts.registerPersonalData(threadsPersonalData(models));
  platform.registerSocketHandlers((socket, { io, handle }) => registerThreadHandlers(io, socket, { handle, threads }));
  return threads;
}
