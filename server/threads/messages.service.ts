import { Types } from 'mongoose';
import type { z } from 'zod';
import type {
  MessageView,
  ResolvedEvent,
  threadEditSchema,
  threadHideSchema,
  threadPostSchema,
} from '../../shared/schemas/threads.js';
import { normalizeForSearch } from '../../shared/threads/normalize.js';
import type { AuditLog } from '../audit/audit.service.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import type { FailureLimiter } from '../http/limits.js';
import type { Actor } from '../policy/policy.js';
import type { ThreadBroadcaster, MessageEventName } from './broadcast.js';
import type { MessageRecord, ThreadModels, ThreadRecord } from './message.model.js';
import { clientKey, ThreadPages } from './pages.js';
import { ThreadSearchIndex } from './search.js';
import type { SerialQueue } from './serial.js';
import type { Logger } from '../logger.js';
import { messageView, messageViews, threadState, type Viewer } from './views.js';

type PostInput = z.output<typeof threadPostSchema>;
type EditInput = z.output<typeof threadEditSchema>;
type HideInput = z.output<typeof threadHideSchema>;

export const postingTooFast = (seconds: number) =>
  Object.assign(
    new AppError(
      429,
      'posting_too_fast',
      `You are posting faster than this discussion allows. Your message is kept; send it again in ${seconds} s.`,
    ),
    { retryAfter: seconds },
  );

/**
 * Every change to a thread's messages. Each runs in the thread's queue: take the next seq
 * with an atomic `$inc` on the thread, store, broadcast — so events leave in seq order and a
 * catch-up never sees seq N before N-1 is stored.
 */
export class MessageWriter {
  constructor(
    private readonly models: ThreadModels,
    private readonly queue: SerialQueue,
    private readonly broadcast: ThreadBroadcaster,
    private readonly audit: AuditLog,
    private readonly postLimit: FailureLimiter,
    /** Shared with the reader: its cache gets every record written here. */
    private readonly pages = new ThreadPages(models),
    private readonly searchIndex = new ThreadSearchIndex(models),
    private readonly logger?: Logger,
  ) {}

  private async nextSeq(threadId: Types.ObjectId, inc: Record<string, number> = {}, set: Record<string, unknown> = {}) {
    const thread = await this.models.Thread.findOneAndUpdate(
      { _id: threadId },
      { $inc: { seq: 1, ...inc }, ...(Object.keys(set).length ? { $set: set } : {}) },
      { returnDocument: 'after' },
    ).lean<ThreadRecord>();
    if (!thread) throw notFound('Thread');
    return thread;
  }

  /** A message of this thread (from the cache of records when there: see pages.ts). */
  private async find(thread: ThreadRecord, messageId: string): Promise<MessageRecord | null> {
    const [m] = await this.pages.messages([messageId]);
    return m && String(m.threadId) === String(thread._id) ? m : null;
  }

  /** Who wrote a message of this thread (null when it is not there). */
  async authorOf(thread: ThreadRecord, messageId: string): Promise<string | null> {
    const m = await this.find(thread, messageId);
    return m ? String(m.authorId) : null;
  }

  private async one(thread: ThreadRecord, messageId: string): Promise<MessageRecord> {
    const m = await this.find(thread, messageId);
    if (!m) throw notFound('Message');
    return m;
  }

  /** The message stored for a client id: by `_id` in `messageclients` once the thread has pages. */
  private async byClientId(thread: ThreadRecord, clientId: string): Promise<MessageRecord | null> {
    if (!thread.paged) {
      return this.models.Message.findOne({ threadId: thread._id, clientId }).lean<MessageRecord>();
    }
    const known = await this.models.MessageClient.findById(clientKey(thread._id, clientId)).lean<{
      messageId: Types.ObjectId;
    }>();
    return known ? this.find(thread, String(known.messageId)) : null;
  }

  /**
   * Which message a post's client id became: an insert (no scan of the collection on the embedded
   * database); a record left by an attempt that crashed before its message was stored is replaced.
   */
  private async recordClientId(thread: ThreadRecord, clientId: string, messageId: Types.ObjectId) {
    const _id = clientKey(thread._id, clientId);
    try {
      await this.models.MessageClient.create({ _id, messageId });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      await this.models.MessageClient.updateOne({ _id }, { $set: { messageId } });
    }
  }

  private async view(m: MessageRecord, viewer: Viewer): Promise<MessageView> {
    return (await messageViews(this.models, [m], viewer))[0]!;
  }

  /** Stores, numbers and broadcasts a change to one message; answers it as the viewer sees it. */
  private async change(
    thread: ThreadRecord,
    m: MessageRecord,
    event: MessageEventName,
    set: Record<string, unknown>,
    viewer: Viewer,
    countDelta = 0,
    textChanged = false,
    searchChanged = false,
  ): Promise<MessageView> {
    const t = await this.nextSeq(thread._id, countDelta ? { count: countDelta } : {});
    await this.pages.record(thread._id, t.seq, 'c', m._id);
    const next = { ...set, changeSeq: t.seq, ...(textChanged ? { textSeq: t.seq } : {}) };
    // the copies first: a crash before the message's write leaves the change readable, never a stale copy
    await this.pages.keep({ ...m, ...next } as MessageRecord);
    if (searchChanged) await this.searchIndex.keep({ ...m, ...next } as MessageRecord);
    const updated = await this.models.Message.findOneAndUpdate(
      { _id: m._id },
      { $set: next },
      { returnDocument: 'after' },
    ).lean<MessageRecord>();
    this.pages.cache.set(updated!);
    await this.broadcast.message(event, updated!);
    if (countDelta && t.kind === 'priority') this.broadcast.counts(t);
    return this.view(updated!, viewer);
  }

  /**
   * Stores a message once per `clientId` (a retry answers the stored one, `created` false);
   * a reply must answer a top-level message of the same thread.
   */
  post(
    actor: Actor,
    thread: ThreadRecord,
    input: PostInput,
    language: string,
    mentions: string[],
    viewer: Viewer,
  ): Promise<{ message: MessageView; record: MessageRecord; created: boolean }> {
    return this.queue.run(String(thread._id), async () => {
      const steps = stepTimer();
      const existing = await this.byClientId(thread, input.clientId);
      steps.lap('retry check');
      if (existing) {
        if (String(existing.authorId) !== actor.id)
          throw conflict('This message id is already taken.').because('message_id_taken');
        return { message: await this.view(existing, viewer), record: existing, created: false };
      }
      if (input.replyTo) {
        const parent = await this.find(thread, input.replyTo);
        if (!parent || parent.deletedAt) throw badRequest('replyTo: the message replied to is not in this thread.');
        if (parent.replyTo) throw badRequest('replyTo: replies are one level deep; reply to the first message.');
      }
      const wait = await this.postLimit.reserve(actor.id);
      if (wait > 0) throw postingTooFast(wait);
      steps.lap('rate');
      const t = await this.nextSeq(thread._id, { count: 1 });
      steps.lap('seq');
      const _id = new Types.ObjectId();
      await this.pages.record(thread._id, t.seq, 'p', _id);
      steps.lap('page');
      await this.recordClientId(thread, input.clientId, _id);
      steps.lap('client id');
      const doc = await this.models.Message.create({
        _id,
        threadId: thread._id,
        roomId: t.kind === 'room' ? t.roomId : null,
        clientId: input.clientId,
        authorId: actor.id,
        authorName: actor.name,
        body: input.body,
        search: normalizeForSearch(input.body),
        language,
        replyTo: input.replyTo ? new Types.ObjectId(input.replyTo) : null,
        mentions,
        seq: t.seq,
        changeSeq: t.seq,
        textSeq: t.seq,
      });
      const record = doc.toObject() as MessageRecord;
      steps.lap('message');
      await this.searchIndex.keep(record);
      steps.lap('search');
      // after the message: a crash between the two leaves no copy; the message is read itself, and
      // its copy put back by that read
      await this.pages.keep(record, true);
      steps.lap('block');
      this.pages.cache.set(record);
      await this.broadcast.message('thread:posted', record, []);
      if (t.kind === 'priority') this.broadcast.counts(t);
      steps.lap('broadcast');
      this.logger?.debug({ threadId: String(thread._id), seq: t.seq, ms: steps.laps }, 'thread post steps');
      return { message: messageView(record, [], viewer), record, created: true };
    });
  }

  /** The author edits; the earlier text is kept for moderators. */
  edit(actor: Actor, thread: ThreadRecord, input: EditInput, viewer: Viewer): Promise<MessageView> {
    return this.queue.run(String(thread._id), async () => {
      const m = await this.one(thread, input.messageId);
      if (String(m.authorId) !== actor.id) throw forbidden('Only the author can edit a message.');
      if (m.deletedAt) throw conflict('This message was deleted.').because('message_deleted');
      if (m.body === input.body && (input.language ?? m.language) === m.language) return this.view(m, viewer);
      await this.models.MessageVersion.create({
        messageId: m._id,
        threadId: thread._id,
        body: m.body,
        language: m.language,
        reason: 'edited',
      });
      const set = { body: input.body, search: normalizeForSearch(input.body), editedAt: new Date() };
      const language = input.language ?? m.language;
      return this.change(thread, m, 'thread:edited', { ...set, language }, viewer, 0, true, true);
    });
  }

  /** The author (or a moderator) deletes: the message keeps its place as "message deleted". */
  delete(actor: Actor, thread: ThreadRecord, messageId: string, viewer: Viewer): Promise<MessageView> {
    return this.queue.run(String(thread._id), async () => {
      const m = await this.one(thread, messageId);
      if (String(m.authorId) !== actor.id && !viewer.moderates) {
        throw forbidden('Only the author or a moderator can delete a message.');
      }
      if (m.deletedAt) return this.view(m, viewer);
      await this.models.MessageVersion.create({
        messageId: m._id,
        threadId: thread._id,
        body: m.body,
        language: m.language,
        reason: 'deleted',
      });
      const set = { body: '', search: '', mentions: [], pinned: false, deletedAt: new Date() };
      return this.change(thread, m, 'thread:deleted', set, viewer, m.hiddenAt ? 0 : -1, false, true);
    });
  }

  /** One reaction per person per emoji: adding twice or removing one that is not there changes nothing. */
  react(
    actor: Actor,
    thread: ThreadRecord,
    input: { messageId: string; emoji: string; on: boolean },
    viewer: Viewer,
  ): Promise<MessageView> {
    return this.queue.run(String(thread._id), async () => {
      const m = await this.one(thread, input.messageId);
      if (m.deletedAt) throw conflict('This message was deleted.').because('message_deleted');
      const key = { messageId: m._id, userId: actor.id, emoji: input.emoji };
      if (input.on) {
        try {
          await this.models.Reaction.create({ ...key, threadId: thread._id });
        } catch (error) {
          if ((error as { code?: number }).code === 11000) return this.view(m, viewer);
          throw error;
        }
      } else if ((await this.models.Reaction.deleteOne(key)).deletedCount === 0) return this.view(m, viewer);
      return this.change(thread, m, 'thread:reacted', {}, viewer);
    });
  }

  pin(thread: ThreadRecord, input: { messageId: string; pinned: boolean }, viewer: Viewer): Promise<MessageView> {
    return this.queue.run(String(thread._id), async () => {
      const m = await this.one(thread, input.messageId);
      if (m.deletedAt && input.pinned) throw conflict('This message was deleted.').because('message_deleted');
      if ((m.pinned ?? false) === input.pinned) return this.view(m, viewer);
      return this.change(thread, m, 'thread:pinned', { pinned: input.pinned }, viewer);
    });
  }

  /** A moderator hides (with a reason) or shows again; both are in the audit log. */
  hide(actor: Actor, thread: ThreadRecord, input: HideInput, groupId: string, viewer: Viewer): Promise<MessageView> {
    return this.queue.run(String(thread._id), async () => {
      const m = await this.one(thread, input.messageId);
      const hidden = m.hiddenAt !== null && m.hiddenAt !== undefined;
      if (hidden === input.hidden) return this.view(m, viewer);
      const visibleDelta = m.deletedAt ? 0 : input.hidden ? -1 : 1;
      const set = input.hidden
        ? { hiddenAt: new Date(), hiddenReason: input.reason, hiddenById: actor.id, hiddenByName: actor.name }
        : { hiddenAt: null, hiddenReason: null, hiddenById: null, hiddenByName: null };
      const view = await this.change(thread, m, 'thread:hidden', set, viewer, visibleDelta, false, true);
      await this.audit.record({
        actor,
        action: input.hidden ? 'message.hidden' : 'message.unhidden',
        target: { id: String(m._id), name: m.authorName },
        groupId,
        roomId: thread.roomId,
        details: { threadId: String(thread._id), seq: m.seq, reason: input.reason ?? null },
      });
      return view;
    });
  }

  /** Resolves or reopens a priority's thread. */
  resolve(actor: Actor, thread: ThreadRecord, resolved: boolean): Promise<ResolvedEvent> {
    if (thread.kind !== 'priority') return Promise.reject(badRequest("Only a priority's thread can be resolved."));
    return this.queue.run(String(thread._id), async () => {
      const current = (await this.models.Thread.findById(thread._id).lean<ThreadRecord>())!;
      if ((current.resolved ?? false) === resolved) return this.resolvedEvent(current, current.seq);
      const t = await this.nextSeq(
        thread._id,
        {},
        resolved
          ? { resolved, resolvedById: actor.id, resolvedByName: actor.name, resolvedAt: new Date() }
          : { resolved, resolvedById: null, resolvedByName: null, resolvedAt: null },
      );
      const event = this.resolvedEvent(t, t.seq);
      this.broadcast.resolved(event);
      this.broadcast.counts(t);
      return event;
    });
  }

  private resolvedEvent(t: ThreadRecord, seq: number): ResolvedEvent {
    return {
      ...threadState(t),
      threadId: String(t._id),
      seq,
      planId: t.planId ? String(t.planId) : null,
      priorityId: t.priorityId,
    };
  }
}

/** Milliseconds per named step (a post logs them at debug level: where its time goes). */
function stepTimer() {
  let last = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name: string) {
      const now = performance.now();
      laps[name] = Math.round((now - last) * 10) / 10;
      last = now;
    },
  };
}
