import { planThreadsChannel, threadChannel } from '../../shared/events.js';
import * as s from '../../shared/schemas/threads.js';
import type { EventContext, Handle, IoSocket } from '../realtime/io.js';
import type { Policy } from '../policy/policy.js';
import type { AuthModels } from '../auth/models.js';
import type { ThreadBroadcaster } from './broadcast.js';
import type { ThreadRecord } from './message.model.js';
import type { MessageWriter } from './messages.service.js';
import type { Notifications } from './notifications.js';
import { scopedThread } from './subjects.js';
import type { ThreadReader } from './threads.service.js';
import type { ThreadChannels } from './access.js';
import type { Logger } from '../logger.js';
import type { UnreadPusher } from './unreadPush.js';

/** Typing indicators from one socket in one thread go out at most this often. */
export const TYPING_INTERVAL_MS = 2000;

export interface ThreadHandlerDeps {
  handle: Handle;
  policy: Policy;
  reader: ThreadReader;
  writer: MessageWriter;
  broadcast: ThreadBroadcaster;
  notifications: Notifications;
  channels: ThreadChannels;
  unread: UnreadPusher;
  users: Pick<AuthModels, 'User'>;
  logger: Logger;
}

/** Every thread event: validate → authorize on the thread's subject (rules.ts) → service → ack. */
export function registerThreadHandlers(socket: IoSocket, deps: ThreadHandlerDeps): void {
  const { handle, policy, reader, writer, broadcast, notifications, channels } = deps;
  const typedAt = new Map<string, number>();
  const viewer = (ctx: EventContext) => ({ userId: ctx.actor.id, moderates: policy.can(ctx.roles, 'thread.moderate') });
  const threadOf = async (ctx: EventContext): Promise<ThreadRecord> => {
    const record = scopedThread(ctx);
    return record.thread ?? (await reader.ensure(record.subject, record.key));
  };
  socket.on('disconnect', () => {
    broadcast.forget(socket.id);
    channels.forget(socket.id);
  });

  handle(socket, 'thread:open', s.threadOpenSchema, async (_input, ctx) => {
    const record = scopedThread(ctx);
    const thread = await threadOf(ctx);
    const v = viewer(ctx);
    const channel = threadChannel(String(thread._id));
    await socket.join(channel);
    channels.joined(socket.id, channel, record.place.resourceIds);
    broadcast.opened(socket.id, String(thread._id), v.moderates);
    return {
      thread: await reader.view(thread, v, policy.abilities(ctx.roles, 'thread')),
      page: await reader.history(thread, { limit: s.HISTORY_PAGE_SIZE }, v),
    };
  });
  handle(socket, 'thread:leave', s.threadLeaveSchema, async (input) => {
    const channel = threadChannel(input.threadId);
    await socket.leave(channel);
    channels.left(socket.id, channel);
    return null;
  });
  handle(socket, 'thread:history', s.threadHistorySchema, async (input, ctx) =>
    reader.history(await threadOf(ctx), input, viewer(ctx)),
  );
  handle(socket, 'thread:since', s.threadSinceSchema, async (input, ctx) =>
    reader.since((await threadOf(ctx))._id, input.after, input.limit, viewer(ctx)),
  );
  handle(socket, 'thread:search', s.threadSearchSchema, async (input, ctx) =>
    reader.search(await threadOf(ctx), input, viewer(ctx)),
  );
  handle(socket, 'thread:read', s.threadReadSchema, async (input, ctx) => {
    const thread = await threadOf(ctx);
    const answer = await reader.markRead(thread, ctx.actor.id, input.seq);
    // the person's other tabs (and this one's navigation) follow at once
    await deps.unread.pushTo(thread, ctx.actor.id, answer);
    return answer;
  });

  handle(socket, 'thread:post', s.threadPostSchema, async (input, ctx) => {
    const thread = await threadOf(ctx);
    const language =
      input.language ?? (await deps.users.User.findById(ctx.actor.id).select('language').lean())?.language ?? 'en';
    const mentions = await notifications.readers(input.mentions ?? [], ctx.actor.id, ctx.scope!);
    const { message, record, created } = await writer.post(ctx.actor, thread, input, language, mentions, viewer(ctx));
    if (created) deps.unread.changed(String(thread._id));
    if (created && (mentions.length > 0 || record.replyTo)) {
      const repliedTo = record.replyTo ? await writer.authorOf(thread, String(record.replyTo)) : null;
      notifications
        .posted(thread, record, scopedThread(ctx).place.titles, repliedTo, ctx.scope!)
        .catch((error: unknown) => deps.logger.error({ err: error }, 'could not notify mentions and replies'));
    }
    return message;
  });
  handle(socket, 'thread:edit', s.threadEditSchema, async (input, ctx) =>
    writer.edit(ctx.actor, await threadOf(ctx), input, viewer(ctx)),
  );
  handle(socket, 'thread:delete', s.threadMessageSchema, async (input, ctx) => {
    const thread = await threadOf(ctx);
    const view = await writer.delete(ctx.actor, thread, input.messageId, viewer(ctx));
    deps.unread.changed(String(thread._id));
    return view;
  });
  handle(socket, 'thread:react', s.threadReactSchema, async (input, ctx) =>
    writer.react(ctx.actor, await threadOf(ctx), input, viewer(ctx)),
  );
  handle(socket, 'thread:pin', s.threadPinSchema, async (input, ctx) =>
    writer.pin(await threadOf(ctx), input, viewer(ctx)),
  );
  handle(socket, 'thread:hide', s.threadHideSchema, async (input, ctx) => {
    const thread = await threadOf(ctx);
    const view = await writer.hide(ctx.actor, thread, input, scopedThread(ctx).place.groupId, viewer(ctx));
    deps.unread.changed(String(thread._id));
    return view;
  });
  handle(socket, 'thread:resolve', s.threadResolveSchema, async (input, ctx) =>
    writer.resolve(ctx.actor, await threadOf(ctx), input.resolved),
  );
  handle(socket, 'thread:versions', s.threadMessageSchema, async (input, ctx) =>
    reader.versions(await threadOf(ctx), input.messageId),
  );
  handle(socket, 'thread:typing', s.threadTypingSchema, async (_input, ctx) => {
    const thread = await threadOf(ctx);
    const key = String(thread._id);
    const now = Date.now();
    if (now - (typedAt.get(key) ?? 0) < TYPING_INTERVAL_MS) return { sent: false };
    typedAt.set(key, now);
    broadcast.typing(socket.id, thread, { id: ctx.actor.id, name: ctx.actor.name });
    return { sent: true };
  });
  handle(socket, 'thread:people', s.threadPeopleSchema, async (input, ctx) =>
    notifications.candidates(input.q, ctx.actor.id, ctx.scope!),
  );
  handle(socket, 'thread:watch-plan', s.threadWatchPlanSchema, async (input, ctx) => {
    const channel = planThreadsChannel(input.planId);
    await socket.join(channel);
    channels.joined(socket.id, channel, scopedThread(ctx).place.resourceIds);
    return reader.planCounts(input.planId);
  });
}
