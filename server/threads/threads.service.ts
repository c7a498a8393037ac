import { Types } from 'mongoose';
import type {
  MessagePage,
  MessageVersionView,
  SearchPage,
  ThreadChanges,
  ThreadHistoryQuery,
  ThreadSubject,
  ThreadView,
  UnreadCount,
  UnreadView,
} from '../../shared/schemas/threads.js';
import { SEARCH_WINDOW, UNREAD_COUNTED } from '../../shared/schemas/threadLimits.js';
import { searchPattern } from '../../shared/threads/normalize.js';
import type { Abilities } from '../../shared/permissions.js';
import type { MessageRecord, ThreadModels, ThreadRecord } from './message.model.js';
import { ThreadPages } from './pages.js';
import { ThreadSearchIndex } from './search.js';
import type { SerialQueue } from './serial.js';
import { subjectOf } from './subjects.js';
import { messageViews, threadState, type Viewer } from './views.js';

/** Reading threads: finding or creating one, pages, catch-up, search, read markers. */
export class ThreadReader {
  constructor(
    private readonly models: ThreadModels,
    private readonly queue: SerialQueue,
    /** A machine translation provider is configured (readers are offered machine translations). */
    private readonly machineTranslation = false,
    private readonly pages = new ThreadPages(models),
    private readonly searchIndex = new ThreadSearchIndex(models),
  ) {}

  /** The subject's thread, created on first use (one per subject: a unique key). */
  async ensure(subject: ThreadSubject, key: string): Promise<ThreadRecord> {
    const fields = {
      key,
      kind: subject.kind,
      roomId: subject.kind === 'room' ? new Types.ObjectId(subject.roomId) : null,
      groupId: subject.kind === 'group' ? new Types.ObjectId(subject.groupId) : null,
      planId: subject.kind === 'priority' ? new Types.ObjectId(subject.planId) : null,
      priorityId: subject.kind === 'priority' ? subject.priorityId : null,
      paged: true,
      searchable: true,
    };
    const existing = await this.models.Thread.findOne({ key }).lean<ThreadRecord>();
    if (existing) return existing;
    try {
      return (await this.models.Thread.create(fields)).toObject() as ThreadRecord;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return (await this.models.Thread.findOne({ key }).lean<ThreadRecord>())!;
    }
  }

  async view(thread: ThreadRecord, viewer: Viewer, abilities: Abilities<'thread'>): Promise<ThreadView> {
    const marker = await this.models.ReadMarker.findOne({ userId: viewer.userId, threadId: thread._id }).lean<{
      seq: number;
    }>();
    const lastRead = marker?.seq ?? 0;
    return {
      ...threadState(thread),
      subject: subjectOf(thread),
      seq: thread.seq,
      abilities,
      machineTranslation: this.machineTranslation,
      lastRead,
      ...(await this.unreadAfter(thread, viewer.userId, lastRead)),
    };
  }

  /**
   * Newest first by seq, `limit` at a time: the newest page, older pages below `before`, newer ones
   * above `after` (a window that does not reach the newest messages, `hasNewer` while it does not),
   * or the page around `around` — that seq and older ones, half the page, and the newer half
   * (jumping to a search hit far back: docs/threads.md, "Jumping to a message").
   */
  async history(
    thread: ThreadRecord,
    input: Pick<ThreadHistoryQuery, 'before' | 'after' | 'around' | 'limit'>,
    viewer: Viewer,
  ): Promise<MessagePage> {
    const { limit } = input;
    if (input.around !== undefined) {
      const at = Math.min(input.around, thread.seq);
      const olderCount = Math.ceil(limit / 2);
      const older = await this.older(thread, at + 1, olderCount, viewer);
      const newer = await this.newer(thread, at, limit - olderCount, viewer);
      return { messages: [...newer.messages, ...older.messages], hasMore: older.hasMore, hasNewer: newer.hasNewer };
    }
    if (input.after !== undefined) return this.newer(thread, input.after, limit, viewer);
    return this.older(thread, Math.min(input.before ?? Number.MAX_SAFE_INTEGER, thread.seq + 1), limit, viewer);
  }

  /** The newest `limit` messages posted below `below`, newest first. */
  private async older(thread: ThreadRecord, below: number, limit: number, viewer: Viewer): Promise<MessagePage> {
    if (!thread.paged) return this.page({ threadId: thread._id, seq: { $lt: below } }, limit, viewer);
    const ids = await this.pages.postedBefore(thread._id, below, limit + 1);
    const rows = await this.pages.messages(ids.slice(0, limit), thread._id);
    return { messages: await messageViews(this.models, rows, viewer), hasMore: ids.length > limit };
  }

  /** The oldest `limit` messages posted above `above`, answered newest first as every page. */
  private async newer(thread: ThreadRecord, above: number, limit: number, viewer: Viewer): Promise<MessagePage> {
    let rows: MessageRecord[];
    let more: boolean;
    if (thread.paged) {
      const ids = await this.pages.postedAfter(thread._id, above, limit + 1, thread.seq);
      rows = await this.pages.messages(ids.slice(0, limit), thread._id);
      more = ids.length > limit;
    } else {
      // a thread from before pages (until the next start): the query, as before
      const found = await this.models.Message.find({ threadId: thread._id, seq: { $gt: above } })
        .sort({ seq: 1 })
        .limit(limit + 1)
        .lean<MessageRecord[]>();
      rows = found.slice(0, limit);
      more = found.length > limit;
    }
    const messages = await messageViews(this.models, rows.reverse(), viewer);
    return { messages, hasMore: true, hasNewer: more };
  }

  /**
   * Messages whose folded text contains the query, newest first; deleted ones never, hidden ones
   * only for their author and moderators. A searchable thread reads its search documents of the
   * `SEARCH_WINDOW` newest seqs below `before` (docs/threads.md, "Search"); the answer says how far
   * back it searched, and `before: searchedFrom` goes on from there.
   */
  async search(
    thread: ThreadRecord,
    input: { q: string; before?: number; limit: number },
    viewer: Viewer,
  ): Promise<SearchPage> {
    const below = Math.min(input.before ?? Number.MAX_SAFE_INTEGER, thread.seq + 1);
    if (thread.searchable) {
      const found = await this.searchIndex.search(thread._id, input.q, below, SEARCH_WINDOW, input.limit, viewer);
      return { ...found, searchedTo: below - 1 };
    }
    // a thread from before search documents (until the next start): the query, as before
    const filter: Record<string, unknown> = {
      threadId: thread._id,
      deletedAt: null,
      search: { $regex: searchPattern(input.q) },
      seq: { $lt: below },
    };
    if (!viewer.moderates) filter.$or = [{ hiddenAt: null }, { authorId: new Types.ObjectId(viewer.userId) }];
    const rows = await this.models.Message.find(filter)
      .sort({ seq: -1 })
      .limit(input.limit + 1)
      .lean<MessageRecord[]>();
    const hits = rows.slice(0, input.limit);
    const more = rows.length > input.limit;
    return {
      hits: hits.map((m) => ({
        id: String(m._id),
        seq: m.seq,
        author: { id: String(m.authorId), name: m.authorName },
        createdAt: m.createdAt.toISOString(),
        body: m.body,
        hidden: Boolean(m.hiddenAt),
      })),
      searchedFrom: more ? hits.at(-1)!.seq : 1,
      searchedTo: below - 1,
      hasMore: more,
    };
  }

  private async page(filter: Record<string, unknown>, limit: number, viewer: Viewer): Promise<MessagePage> {
    const rows = await this.models.Message.find(filter)
      .sort({ seq: -1 })
      .limit(limit + 1)
      .lean<MessageRecord[]>();
    return {
      messages: await messageViews(this.models, rows.slice(0, limit), viewer),
      hasMore: rows.length > limit,
    };
  }

  /**
   * The current state of every message changed after `after`, oldest change first. Read inside
   * the thread's queue: every seq up to the answer's `seq` is stored, none is half-written.
   */
  since(threadId: Types.ObjectId, after: number, limit: number, viewer: Viewer): Promise<ThreadChanges> {
    return this.queue.run(String(threadId), async () => {
      const thread = (await this.models.Thread.findById(threadId).lean<ThreadRecord>())!;
      if (thread.paged) {
        const changed = await this.pages.changedAfter(threadId, after, thread.seq, limit);
        const rows = await this.pages.messages(changed.ids, threadId);
        return {
          thread: threadState(thread),
          messages: await messageViews(this.models, rows, viewer),
          seq: changed.seq,
          hasMore: changed.hasMore,
        };
      }
      const rows = await this.models.Message.find({ threadId, changeSeq: { $gt: after, $lte: thread.seq } })
        .sort({ changeSeq: 1 })
        .limit(limit + 1)
        .lean<MessageRecord[]>();
      const hasMore = rows.length > limit;
      const included = rows.slice(0, limit);
      return {
        thread: threadState(thread),
        messages: await messageViews(this.models, included, viewer),
        seq: hasMore ? included.at(-1)!.changeSeq : thread.seq,
        hasMore,
      };
    });
  }

  /** Moves the read marker forward (never back) and answers what is still unread. */
  async markRead(thread: ThreadRecord, userId: string, seq: number): Promise<{ lastRead: number } & UnreadCount> {
    const upTo = Math.min(seq, thread.seq);
    const marker = await this.models.ReadMarker.findOneAndUpdate(
      { userId, threadId: thread._id },
      { $max: { seq: upTo } },
      { upsert: true, returnDocument: 'after' },
    ).lean<{ seq: number }>();
    const lastRead = marker?.seq ?? upTo;
    return { lastRead, ...(await this.unreadAfter(thread, userId, lastRead)) };
  }

  /**
   * Messages by others after `seq`, neither deleted nor hidden. A reader at most `UNREAD_COUNTED`
   * seqs behind gets the exact count (a paged thread counts from its pages and the records' copies,
   * no scan of the collection); further behind the answer is "1,000+" without reading anything —
   * on the embedded database a count over the messages reads the whole collection.
   */
  async unreadAfter(thread: ThreadRecord, userId: string, seq: number): Promise<UnreadCount> {
    if (seq >= thread.seq) return { unread: 0, unreadMore: false };
    if (thread.seq - seq > UNREAD_COUNTED) return { unread: UNREAD_COUNTED, unreadMore: true };
    if (thread.paged) {
      const ids = await this.pages.postedBefore(thread._id, thread.seq + 1, thread.seq - seq, seq);
      const rows = await this.pages.messages(ids, thread._id);
      const unread = rows.filter((m) => String(m.authorId) !== userId && !m.deletedAt && !m.hiddenAt).length;
      return { unread, unreadMore: false };
    }
    const unread = await this.models.Message.countDocuments({
      threadId: thread._id,
      seq: { $gt: seq },
      authorId: { $ne: new Types.ObjectId(userId) },
      deletedAt: null,
      hiddenAt: null,
    });
    return { unread, unreadMore: false };
  }

  /** Unread counts for the threads a person has opened (they have a read marker there). */
  async unreadFor(userId: string): Promise<UnreadView[]> {
    const markers = await this.models.ReadMarker.find({ userId })
      .limit(200)
      .lean<{ threadId: Types.ObjectId; seq: number }[]>();
    const threads = await this.models.Thread.find({ _id: { $in: markers.map((m) => m.threadId) } }).lean<
      ThreadRecord[]
    >();
    const byId = new Map(threads.map((t) => [String(t._id), t]));
    const out: UnreadView[] = [];
    for (const m of markers) {
      const thread = byId.get(String(m.threadId));
      if (!thread) continue;
      out.push({
        threadId: String(thread._id),
        subject: subjectOf(thread),
        ...(await this.unreadAfter(thread, userId, m.seq)),
      });
    }
    return out;
  }

  /** Earlier texts of a message, oldest first (moderators only: the rule says so). */
  async versions(thread: ThreadRecord, messageId: string): Promise<MessageVersionView[]> {
    const rows = await this.models.MessageVersion.find({
      messageId: new Types.ObjectId(messageId),
      threadId: thread._id,
    })
      .sort({ _id: 1 })
      .lean<{ body: string; language: string; reason: 'edited' | 'deleted'; replacedAt: Date }[]>();
    return rows.map((r) => ({
      body: r.body,
      language: r.language,
      reason: r.reason,
      replacedAt: r.replacedAt.toISOString(),
    }));
  }

  /** `{ priorityId: { count, unresolved } }` for every priority of a plan that has a thread. */
  async planCounts(planId: string) {
    const threads = await this.models.Thread.find({ planId: new Types.ObjectId(planId) }).lean<ThreadRecord[]>();
    const priorities: Record<string, { count: number; unresolved: boolean }> = {};
    for (const t of threads) priorities[t.priorityId!] = countOf(t);
    return { planId, priorities };
  }
}

/** A priority thread is unresolved while it has visible messages and nobody resolved it. */
export function countOf(t: Pick<ThreadRecord, 'count' | 'resolved'>) {
  return { count: t.count ?? 0, unresolved: !t.resolved && (t.count ?? 0) > 0 };
}
