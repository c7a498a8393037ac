import type { Types } from 'mongoose';
import type { Logger } from '../logger.js';
import type { MessageRecord, ThreadModels, ThreadRecord } from './message.model.js';
import { ThreadSearchIndex, type SearchModelName } from './search.js';

/** Message records this process keeps in memory (about 1 KB each). */
export const CACHED_MESSAGES = 20_000;
/** Up to this many misses are fetched one by one by `_id`; more with one `$in` query (one scan). */
const ONE_BY_ONE = 3;

/**
 * The latest record of recently read or written messages, least recently used dropped first.
 * Every write to a message goes through the thread's writer, which puts the new record here;
 * writes outside it (an account's erasure) clear it. One process only: with several nodes
 * (cluster mode) another node's writes would leave it stale, so it holds nothing there.
 */
export class MessageCache {
  private readonly records = new Map<string, MessageRecord>();

  constructor(private readonly capacity = CACHED_MESSAGES) {}

  get(id: string): MessageRecord | undefined {
    const m = this.records.get(id);
    if (m) {
      this.records.delete(id);
      this.records.set(id, m);
    }
    return m;
  }

  set(m: MessageRecord): void {
    if (this.capacity === 0) return;
    const id = String(m._id);
    this.records.delete(id);
    this.records.set(id, m);
    if (this.records.size > this.capacity) this.records.delete(this.records.keys().next().value!);
  }

  clear(): void {
    this.records.clear();
  }
}

/** Sequence numbers per `threadpages` document. */
export const PAGE_SIZE = 50;
/** Pages read at once while walking a thread. */
const READ_AHEAD = 4;

type PageModels = Pick<
  ThreadModels,
  'ThreadPage' | 'ThreadBlock' | 'ThreadTail' | SearchModelName | 'Message' | 'Thread' | 'MessageClient'
>;
type Slots = Record<string, string>;
/** A block's copies by `seq mod 50` ('' where a copy was dropped). */
type Copies = Record<string, MessageRecord | ''>;
/** A thread's newest block, apart (`threadtails`). */
type Tail = { b: number; m?: Copies };
/** A message id and the seq it was posted at (where its copy is: `blockOf`). */
export type Posted = [id: string, seq: number | null];

/** `messageclients` `_id`: a post's client id in its thread (the idempotency look-up). */
export const clientKey = (threadId: Types.ObjectId | string, clientId: string) => `${String(threadId)}:${clientId}`;
const pageOf = (seq: number) => Math.floor(seq / PAGE_SIZE);
const pageId = (threadId: Types.ObjectId | string, page: number) => `${String(threadId)}:${page}`;

/**
 * A thread's sequence numbers, 50 to a document addressed by `_id`, so that history and
 * catch-up read a few pages and then each message by `_id` — the only look-ups FerretDB's SQLite
 * backend answers from an index (every other filter or sort reads the whole collection). Written
 * inside the thread's queue, before the message itself: a slot whose message is missing (a crash
 * between the two) is skipped when read.
 */
export class ThreadPages {
  private readonly search: ThreadSearchIndex;

  constructor(
    private readonly models: PageModels,
    readonly cache = new MessageCache(),
  ) {
    this.search = new ThreadSearchIndex(models);
  }

  /** `p` the message was posted at `seq`; `c` it changed at `seq`. */
  async record(threadId: Types.ObjectId, seq: number, kind: 'p' | 'c', messageId: Types.ObjectId): Promise<void> {
    await this.models.ThreadPage.updateOne(
      { _id: pageId(threadId, pageOf(seq)) },
      { $set: { threadId, [`s.${seq % PAGE_SIZE}`]: `${kind}${String(messageId)}` } },
      { upsert: true },
    );
  }

  /**
   * Keeps the copy of a message's latest record in its block (the page of its post's seq). The
   * writer calls it with every post and change, inside the thread's queue. The thread's newest
   * block is its tail (`threadtails`, one small document per thread), so a post writes there; a
   * post that starts the next block first moves the tail into `threadblocks` (an insert).
   */
  async keep(m: MessageRecord, posted = false): Promise<void> {
    const b = pageOf(m.seq);
    const slot = `m.${m.seq % PAGE_SIZE}`;
    const copy = copyOf(m);
    const tailId = String(m.threadId);
    const inTail = await this.models.ThreadTail.updateOne({ _id: tailId, b }, { $set: { [slot]: copy } });
    if (inTail.matchedCount > 0) return;
    if (posted) {
      const tail = await this.models.ThreadTail.findById(tailId).lean<Tail>();
      if (!tail || tail.b < b) {
        if (tail) await this.flush(m.threadId, tail);
        await this.models.ThreadTail.updateOne(
          { _id: tailId },
          { $set: { threadId: m.threadId, b, m: { [m.seq % PAGE_SIZE]: copy } } },
          { upsert: true },
        );
        return;
      }
    }
    await this.models.ThreadBlock.updateOne(
      { _id: pageId(m.threadId, b) },
      { $set: { threadId: m.threadId, [slot]: copy } },
      { upsert: true },
    );
  }

  /**
   * Moves a finished tail into `threadblocks`: an insert; when that block is there already (written
   * at start, or a crash between this and the tail's next start) the tail's slots are set in it.
   */
  private async flush(threadId: Types.ObjectId, tail: Tail): Promise<void> {
    const _id = pageId(threadId, tail.b);
    try {
      await this.models.ThreadBlock.create({ _id, threadId, m: tail.m ?? {} });
    } catch (error) {
      ignoreDuplicates(error);
      const set = Object.fromEntries(Object.entries(tail.m ?? {}).map(([k, v]) => [`m.${k}`, v]));
      if (Object.keys(set).length > 0) await this.models.ThreadBlock.updateOne({ _id }, { $set: set });
    }
  }

  /**
   * Puts back the copy of a message read from `messages` because its block had none (a crash
   * between the post and its copy): only where the slot is empty — a copy the writer wrote meanwhile,
   * or the mark an erasure left (`forget`), is never replaced.
   */
  private async repair(threadId: Types.ObjectId, m: MessageRecord): Promise<void> {
    const b = pageOf(m.seq);
    const slot = `m.${m.seq % PAGE_SIZE}`;
    const empty = { [slot]: { $exists: false } };
    const set = { $set: { [slot]: copyOf(m) } };
    const inTail = await this.models.ThreadTail.updateOne({ _id: String(threadId), b, ...empty }, set);
    if (inTail.matchedCount === 0) await this.models.ThreadBlock.updateOne({ _id: pageId(threadId, b), ...empty }, set);
    // the post's search entry was written between the message and its copy: it may be missing too
    await this.search.restore(m);
  }

  /**
   * Drops the copies of messages written outside the writer (an erasure, an account's
   * deletion, a migration): reads then take them from `messages`. The slot keeps an empty mark
   * (''), so that a read's repair never puts back a copy taken just before.
   */
  async forget(messages: { threadId: Types.ObjectId | null; seq: number | null }[]): Promise<void> {
    const byBlock = new Map<string, { threadId: Types.ObjectId; b: number; set: Record<string, ''> }>();
    for (const m of messages) {
      if (!m.threadId || m.seq === null || m.seq === undefined) continue;
      const id = pageId(m.threadId, pageOf(m.seq));
      const entry = byBlock.get(id) ?? { threadId: m.threadId, b: pageOf(m.seq), set: {} };
      entry.set[`m.${m.seq % PAGE_SIZE}`] = '';
      byBlock.set(id, entry);
    }
    for (const [_id, { threadId, b, set }] of byBlock) {
      await this.models.ThreadBlock.updateOne({ _id }, { $set: set });
      await this.models.ThreadTail.updateOne({ _id: String(threadId), b }, { $set: set });
    }
    this.cache.clear();
  }

  /** Many slots at once, a write per page (migrations, rebuilding). */
  async recordMany(threadId: Types.ObjectId, entries: [number, 'p' | 'c', Types.ObjectId][]): Promise<void> {
    const byPage = new Map<number, Record<string, string>>();
    for (const [seq, kind, id] of entries) {
      const set = byPage.get(pageOf(seq)) ?? {};
      set[`s.${seq % PAGE_SIZE}`] = `${kind}${String(id)}`;
      byPage.set(pageOf(seq), set);
    }
    const ops = [...byPage].map(([page, set]) => ({
      updateOne: { filter: { _id: pageId(threadId, page) }, update: { $set: { threadId, ...set } }, upsert: true },
    }));
    for (let i = 0; i < ops.length; i += 500) await this.models.ThreadPage.bulkWrite(ops.slice(i, i + 500));
  }

  private async pages(threadId: Types.ObjectId, pages: number[]): Promise<Map<number, Slots>> {
    const docs = await Promise.all(
      pages.map((p) => this.models.ThreadPage.findById(pageId(threadId, p)).lean<{ s?: Slots }>()),
    );
    return new Map(pages.map((p, i) => [p, docs[i]?.s ?? {}]));
  }

  /** The newest `count` messages posted before `below` (and after `above`), newest first. */
  async postedBefore(threadId: Types.ObjectId, below: number, count: number, above = 0): Promise<Posted[]> {
    const ids: Posted[] = [];
    let page = pageOf(below - 1);
    while (page >= pageOf(above) && ids.length < count) {
      const batch = Array.from({ length: READ_AHEAD }, (_v, i) => page - i).filter((p) => p >= 0);
      const slots = await this.pages(threadId, batch);
      for (const p of batch) {
        const s = slots.get(p)!;
        for (let offset = PAGE_SIZE - 1; offset >= 0 && ids.length < count; offset--) {
          const seq = p * PAGE_SIZE + offset;
          if (seq >= below) continue;
          if (seq <= above) break;
          const slot = s[offset];
          if (slot?.startsWith('p')) ids.push([slot.slice(1), seq]);
        }
      }
      page -= READ_AHEAD;
    }
    return ids;
  }

  /**
   * The oldest `count` messages posted after `above` up to `upTo`, oldest first: the pages above
   * `above`, 4 at a time, as `postedBefore` walks them down.
   */
  async postedAfter(threadId: Types.ObjectId, above: number, count: number, upTo: number): Promise<Posted[]> {
    const ids: Posted[] = [];
    let page = pageOf(above + 1);
    while (page <= pageOf(upTo) && ids.length < count) {
      const batch = Array.from({ length: READ_AHEAD }, (_v, i) => page + i).filter((p) => p <= pageOf(upTo));
      const slots = await this.pages(threadId, batch);
      for (const p of batch) {
        const s = slots.get(p)!;
        for (let offset = 0; offset < PAGE_SIZE && ids.length < count; offset++) {
          const seq = p * PAGE_SIZE + offset;
          if (seq <= above) continue;
          if (seq > upTo) break;
          const slot = s[offset];
          if (slot?.startsWith('p')) ids.push([slot.slice(1), seq]);
        }
      }
      page += READ_AHEAD;
    }
    return ids;
  }

  /**
   * Messages changed (or posted) after `after` up to `upTo`, oldest change first, each once: at
   * most `limit`. `seq` is how far it read: everything changed up to it is included.
   */
  async changedAfter(threadId: Types.ObjectId, after: number, upTo: number, limit: number) {
    const last = new Map<string, number>();
    const postedAt = new Map<string, number>();
    let seq = after;
    let page = pageOf(after + 1);
    outer: while (seq < upTo) {
      const batch = Array.from({ length: READ_AHEAD }, (_v, i) => page + i).filter((p) => p <= pageOf(upTo));
      const slots = await this.pages(threadId, batch);
      for (const p of batch) {
        const s = slots.get(p)!;
        for (let offset = 0; offset < PAGE_SIZE; offset++) {
          const at = p * PAGE_SIZE + offset;
          if (at <= seq) continue;
          if (at > upTo) break outer;
          const slot = s[offset];
          const id = slot?.slice(1);
          if (id && !last.has(id) && last.size === limit) break outer;
          if (id) {
            last.delete(id);
            last.set(id, at);
            if (slot?.startsWith('p')) postedAt.set(id, at);
          }
          seq = at;
        }
      }
      page += READ_AHEAD;
    }
    // a cursor past the thread's end (a client's mistake) is answered with the thread's seq
    const ids: Posted[] = [...last.keys()].map((id) => [id, postedAt.get(id) ?? null]);
    return { ids, seq: Math.min(seq, upTo), hasMore: seq < upTo };
  }

  /**
   * Messages by id, in the order given (missing ones left out): from memory, else from their
   * blocks when the seq they were posted at is known (one look-up by `_id` per block), else from
   * the database — a few by `_id`, more with one query, since on the embedded database each query
   * reads the whole collection whatever it asks (docs/threads.md, "Measured").
   */
  async messages(ids: (string | Posted)[], threadId?: Types.ObjectId): Promise<MessageRecord[]> {
    const wanted: Posted[] = ids.map((e) => (typeof e === 'string' ? [e, null] : e));
    const fetched = new Map<string, MessageRecord>();
    const keep = (m: MessageRecord | null | undefined) => {
      if (!m) return;
      fetched.set(String(m._id), m);
      this.cache.set(m);
    };
    let missing = wanted.filter(([id]) => !this.cache.get(id));
    const lost = new Map<string, number>();
    if (threadId && missing.some(([, seq]) => seq !== null)) {
      const blocks = [...new Set(missing.flatMap(([, seq]) => (seq === null ? [] : [pageOf(seq)])))];
      const [tail, ...docs] = await Promise.all([
        this.models.ThreadTail.findById(String(threadId)).lean<Tail>(),
        ...blocks.map((b) => this.models.ThreadBlock.findById(pageId(threadId, b)).lean<{ m?: Copies }>()),
      ]);
      // the tail is the writer's newest state of its block
      const copies = new Map<number, Copies>(
        blocks.map((b, i) => [b, { ...docs[i]?.m, ...(tail?.b === b ? tail.m : {}) }]),
      );
      for (const [id, seq] of missing) {
        const copy = seq === null ? undefined : copies.get(pageOf(seq))?.[seq % PAGE_SIZE];
        if (copy && String(copy._id) === id) keep(copy);
        // no copy and no mark: the writer never wrote one (a crash), so the read puts it back
        else if (seq !== null && copy === undefined) lost.set(id, seq);
      }
      missing = missing.filter(([id]) => !fetched.has(id));
    }
    const rest = missing.map(([id]) => id);
    const rows =
      rest.length <= ONE_BY_ONE
        ? await Promise.all(rest.map((id) => this.models.Message.findById(id).lean<MessageRecord>()))
        : await this.models.Message.find({ _id: { $in: rest } }).lean<MessageRecord[]>();
    for (const m of rows) keep(m);
    for (const m of rows) {
      if (threadId && m && lost.get(String(m._id)) === m.seq) await this.repair(threadId, m);
    }
    return wanted
      .map(([id]) => fetched.get(id) ?? this.cache.get(id))
      .filter((m): m is MessageRecord => m !== undefined);
  }

  /**
   * Writes a thread's pages, blocks and search documents from its messages (each message's post and
   * latest change; earlier changes are not known any more and need not be) and marks the thread
   * paged and searchable. For threads from before pages or search documents, and data loaded around
   * the server (the benchmark).
   */
  async build(threadId: Types.ObjectId): Promise<number> {
    const entries: [number, 'p' | 'c', Types.ObjectId][] = [];
    const clients: { _id: string; messageId: Types.ObjectId }[] = [];
    const blocks = new Map<number, Record<string, MessageRecord>>();
    const records: MessageRecord[] = [];
    const cursor = this.models.Message.find({ threadId, seq: { $ne: null } })
      .lean<MessageRecord[]>()
      .cursor();
    for await (const m of cursor as AsyncIterable<MessageRecord>) {
      entries.push([m.seq, 'p', m._id]);
      if (m.changeSeq && m.changeSeq !== m.seq) entries.push([m.changeSeq, 'c', m._id]);
      clients.push({ _id: clientKey(threadId, m.clientId), messageId: m._id });
      blocks.set(pageOf(m.seq), { ...blocks.get(pageOf(m.seq)), [m.seq % PAGE_SIZE]: copyOf(m) });
      records.push(m);
    }
    await this.recordMany(threadId, entries);
    const docs = [...blocks].map(([b, m]) => ({ _id: pageId(threadId, b), threadId, m }));
    for (let i = 0; i < docs.length; i += 20) {
      // a block written already (a rebuild) is the writer's, and newer
      await this.models.ThreadBlock.insertMany(docs.slice(i, i + 20), { ordered: false }).catch(ignoreDuplicates);
    }
    for (let i = 0; i < clients.length; i += 1000) {
      // a client id recorded already (a rebuild) keeps its message
      await this.models.MessageClient.insertMany(clients.slice(i, i + 1000), { ordered: false }).catch(
        ignoreDuplicates,
      );
    }
    await this.search.build(threadId, records);
    await this.models.Thread.updateOne({ _id: threadId }, { $set: { paged: true, searchable: true } });
    return entries.length;
  }
}

/**
 * What a block keeps of a record: all a reader needs, without the search field (a second copy of
 * the text, which search reads from the messages) — every look-up scans the blocks' bytes.
 */
function copyOf(m: MessageRecord): MessageRecord {
  const { search: _search, __v: _version, ...copy } = m as MessageRecord & { search?: string; __v?: number };
  return copy;
}

function ignoreDuplicates(error: unknown) {
  if ((error as { code?: number }).code !== 11000) throw error;
}

/** At start, before the server listens: pages and search documents for every thread without them yet. */
export async function buildMissingPages(models: PageModels, logger: Logger): Promise<number> {
  const pages = new ThreadPages(models);
  const threads = await models.Thread.find({ $or: [{ paged: { $ne: true } }, { searchable: { $ne: true } }] })
    .select({ _id: 1 })
    .lean<Pick<ThreadRecord, '_id'>[]>();
  for (const t of threads) await pages.build(t._id);
  if (threads.length > 0) logger.info({ threads: threads.length }, 'thread pages written');
  return threads.length;
}
