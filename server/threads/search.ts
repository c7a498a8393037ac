import type { Types } from 'mongoose';
import type { SearchHit } from '../../shared/schemas/threads.js';
import { normalizeForSearch } from '../../shared/threads/normalize.js';
import { SEARCH_COLLECTIONS, type MessageRecord, type ThreadModels } from './message.model.js';
import type { Viewer } from './views.js';

/** Sequence numbers per `threadsearches` document. */
export const SEARCH_CHUNK = 1000;

/** One message in a search document: what search matches and what a result shows. */
export interface SearchEntry {
  /** The message's id. */
  i: string;
  /** Its author's id (a hidden message is found by its author). */
  a: string;
  /** Its author's name ('' once their account is deleted). */
  n: string;
  /** When it was posted. */
  c: Date;
  /** Its text as written (matched after `normalizeForSearch`, shown as the result's excerpt). */
  b: string;
  /** Hidden by a moderator: only its author and moderators find it. */
  h?: 1;
}

/** The search documents' collections (`SEARCH_COLLECTIONS` of them). */
export type SearchModelName = `ThreadSearch${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7}`;
type SearchModels = Pick<ThreadModels, SearchModelName>;
const searchModelNames = Array.from({ length: SEARCH_COLLECTIONS }, (_v, i) => `ThreadSearch${i}` as SearchModelName);
/** By `seq mod 1000`; '' marks a deleted or erased message. */
type Entries = Record<string, SearchEntry | ''>;
/** A message as erasure and account deletion name it. */
export type WrittenMessage = { threadId: Types.ObjectId | null; seq: number | null; deletedAt?: Date | null };

const chunkOf = (seq: number) => Math.floor(seq / SEARCH_CHUNK);
const searchId = (threadId: Types.ObjectId | string, chunk: number) => `${String(threadId)}:q${chunk}`;

/** A message's entry, or null when search must not find it (deleted). */
export function entryOf(m: MessageRecord): SearchEntry | null {
  if (m.deletedAt) return null;
  return {
    i: String(m._id),
    a: String(m.authorId),
    n: m.authorName,
    c: m.createdAt,
    b: m.body,
    ...(m.hiddenAt ? { h: 1 as const } : {}),
  };
}

/**
 * Search without a query over the messages: per 1,000 seqs of a thread one document
 * (`<threadId>:q<seq div 1000>`) holding the text of each message posted at one of them, kept by
 * the thread's writer (post, edit, delete, hide, show) and rebuilt from the messages at start for
 * threads from before it. A search reads the documents of the `SEARCH_WINDOW` newest seqs below
 * where it starts — a few look-ups by `_id`, the only ones FerretDB 1.24 does not answer by reading
 * the whole collection in Go — and matches in the server (docs/threads.md, "Search").
 */
export class ThreadSearchIndex {
  constructor(private readonly models: SearchModels) {}

  /** The collection a chunk's document is in. */
  private docs(chunk: number) {
    return this.models[searchModelNames[chunk % SEARCH_COLLECTIONS]!];
  }

  /**
   * Keeps a message's entry in step with its record; the writer calls it in the thread's queue. A
   * deleted message's slot keeps an empty mark (''), so that `restore` never puts its text back.
   */
  async keep(m: MessageRecord): Promise<void> {
    const chunk = chunkOf(m.seq);
    const slot = `t.${m.seq % SEARCH_CHUNK}`;
    await this.docs(chunk).updateOne(
      { _id: searchId(m.threadId, chunk) },
      { $set: { threadId: m.threadId, [slot]: entryOf(m) ?? '' } },
      { upsert: true },
    );
  }

  /**
   * Puts back the entry of a message whose post a crash cut short (stored, but not its entry): only
   * where its slot is empty, so never over the writer's entry or a deleted or erased message's mark.
   * Called by the read that repairs the message's copy (`ThreadPages`).
   */
  async restore(m: MessageRecord): Promise<void> {
    const entry = entryOf(m);
    if (!entry) return;
    const chunk = chunkOf(m.seq);
    const slot = `t.${m.seq % SEARCH_CHUNK}`;
    try {
      await this.docs(chunk).updateOne(
        { _id: searchId(m.threadId, chunk), [slot]: { $exists: false } },
        { $set: { threadId: m.threadId, [slot]: entry } },
        { upsert: true },
      );
    } catch (error) {
      // the document is there and the slot is not empty: nothing to restore
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  /** Messages erased outside the writer: their entries go (an empty mark stays). */
  async erased(messages: WrittenMessage[]): Promise<void> {
    for (const [_id, { chunk, slots }] of bySearchDoc(messages)) {
      await this.docs(chunk).updateOne({ _id }, { $set: Object.fromEntries(slots.map((s) => [s, ''])) });
    }
  }

  /** The author's account was deleted: their entries keep the text, the name goes (as in `messages`). */
  async renamed(messages: WrittenMessage[]): Promise<void> {
    for (const [_id, { chunk, slots }] of bySearchDoc(messages.filter((m) => !m.deletedAt))) {
      await this.docs(chunk).updateOne({ _id }, { $set: Object.fromEntries(slots.map((s) => [`${s}.n`, ''])) });
    }
  }

  /**
   * Replaces a thread's search documents with ones written from its messages (start-up: threads from
   * before search documents, or whose messages were moved in).
   */
  async build(threadId: Types.ObjectId, messages: MessageRecord[]): Promise<void> {
    const chunks = new Map<number, Entries>();
    for (const m of messages) {
      const entry = entryOf(m);
      if (!entry) continue;
      chunks.set(chunkOf(m.seq), { ...chunks.get(chunkOf(m.seq)), [m.seq % SEARCH_CHUNK]: entry });
    }
    for (const name of searchModelNames) await this.models[name].deleteMany({ threadId });
    for (const [chunk, t] of chunks) await this.docs(chunk).create({ _id: searchId(threadId, chunk), threadId, t });
  }

  /**
   * Messages whose folded text contains the folded query, newest first, among the `window` seqs
   * below `below` that the viewer may read (deleted ones are not in the documents; hidden ones only
   * for their author and moderators). Stops after `limit` hits: `searchedFrom` is then the last
   * hit's seq; otherwise the lowest seq of the window.
   */
  async search(
    threadId: Types.ObjectId,
    query: string,
    below: number,
    window: number,
    limit: number,
    viewer: Viewer,
  ): Promise<{ hits: SearchHit[]; searchedFrom: number; hasMore: boolean }> {
    const needle = normalizeForSearch(query);
    const floor = Math.max(1, below - window);
    const chunks: number[] = [];
    for (let c = chunkOf(below - 1); c >= chunkOf(floor) && below > floor; c--) chunks.push(c);
    const read = (c: number) => this.docs(c).findById(searchId(threadId, c)).lean<{ t?: Entries }>();
    const entries = new Map<number, Entries>();
    const hits: SearchHit[] = [];
    for (let seq = below - 1; seq >= floor; seq--) {
      if (!entries.has(chunkOf(seq))) {
        // the newest chunk alone (a common word fills a page there), then the rest at once
        const batch = entries.size === 0 ? [chunkOf(seq)] : chunks.filter((c) => !entries.has(c));
        const docs = await Promise.all(batch.map(read));
        batch.forEach((c, i) => entries.set(c, docs[i]?.t ?? {}));
      }
      const e = entries.get(chunkOf(seq))?.[seq % SEARCH_CHUNK];
      if (!e || !e.i) continue;
      if (e.h && !viewer.moderates && e.a !== viewer.userId) continue;
      if (!normalizeForSearch(e.b).includes(needle)) continue;
      hits.push({
        id: e.i,
        seq,
        author: { id: e.a, name: e.n },
        createdAt: new Date(e.c).toISOString(),
        body: e.b,
        hidden: e.h === 1,
      });
      if (hits.length === limit) return { hits, searchedFrom: seq, hasMore: seq > 1 };
    }
    return { hits, searchedFrom: floor, hasMore: floor > 1 };
  }
}

/** The slots (`t.<seq mod 1000>`) of some messages, by search document. */
function bySearchDoc(messages: WrittenMessage[]): Map<string, { chunk: number; slots: string[] }> {
  const byDoc = new Map<string, { chunk: number; slots: string[] }>();
  for (const m of messages) {
    if (!m.threadId || m.seq === null || m.seq === undefined) continue;
    const chunk = chunkOf(m.seq);
    const id = searchId(m.threadId, chunk);
    const entry = byDoc.get(id) ?? { chunk, slots: [] };
    entry.slots.push(`t.${m.seq % SEARCH_CHUNK}`);
    byDoc.set(id, entry);
  }
  return byDoc;
}
