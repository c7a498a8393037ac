import { Schema, type Connection, type Types } from 'mongoose';

/**
 * A discussion thread: one per subject (`key`, see `subjectKey`). `seq` is the thread's
 * counter: every message and every change to one takes the next number with an atomic
 * `$inc` here, so a reader catches up with "everything after seq N".
 */
export const threadSchema = new Schema({
  key: { type: String, required: true, unique: true },
  kind: { type: String, enum: ['priority', 'room', 'group'], required: true },
  roomId: { type: Schema.Types.ObjectId, default: null },
  groupId: { type: Schema.Types.ObjectId, default: null },
  planId: { type: Schema.Types.ObjectId, default: null, index: true },
  priorityId: { type: String, default: null },
  seq: { type: Number, required: true, default: 0 },
  /** Messages neither deleted nor hidden (the badge count). */
  count: { type: Number, required: true, default: 0 },
  resolved: { type: Boolean, default: false },
  resolvedById: { type: String, default: null },
  resolvedByName: { type: String, default: null },
  resolvedAt: { type: Date, default: null },
  createdAt: { type: Date, required: true, default: () => new Date() },
  /** Its pages (`threadpages`) are complete: reads go by `_id` (docs/threads.md, "Pages"). */
  paged: { type: Boolean, default: false },
  /** Its search documents (`threadsearches`) are complete: search reads them (docs/threads.md, "Search"). */
  searchable: { type: Boolean, default: false },
});

/** A message in a thread; hidden, deleted and edited state in flat fields (no nested arrays). */
export const messageSchema = new Schema({
  threadId: { type: Schema.Types.ObjectId, default: null },
  /** A room's chat only (and every message from before threads had subjects). */
  roomId: { type: Schema.Types.ObjectId, ref: 'Room', default: null },
  clientId: { type: String, required: true },
  authorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  /** Kept so the thread still reads well if the author's account goes away. */
  authorName: { type: String, required: true },
  body: { type: String, default: '' },
  /** `normalizeForSearch(body)`: what search matches with an escaped regular expression. */
  search: { type: String, default: '' },
  language: { type: String, default: '' },
  replyTo: { type: Schema.Types.ObjectId, default: null },
  mentions: { type: [String], default: [] },
  seq: { type: Number, default: null },
  changeSeq: { type: Number, default: null },
  /** The seq of the latest change to the text (post or edit): the version translations refer to. */
  textSeq: { type: Number, default: null },
  createdAt: { type: Date, required: true, default: () => new Date() },
  editedAt: { type: Date, default: null },
  deletedAt: { type: Date, default: null },
  pinned: { type: Boolean, default: false },
  hiddenAt: { type: Date, default: null },
  hiddenReason: { type: String, default: null },
  hiddenById: { type: String, default: null },
  hiddenByName: { type: String, default: null },
});
messageSchema.index({ threadId: 1, seq: -1 });
messageSchema.index({ threadId: 1, changeSeq: 1 });
messageSchema.index({ threadId: 1, clientId: 1 }, { unique: true });
messageSchema.index({ authorId: 1 });

/** An earlier text of a message, kept when it is edited or deleted (moderators read them). */
export const messageVersionSchema = new Schema({
  messageId: { type: Schema.Types.ObjectId, required: true, index: true },
  threadId: { type: Schema.Types.ObjectId, required: true },
  body: { type: String, required: true },
  language: { type: String, default: '' },
  reason: { type: String, enum: ['edited', 'deleted'], required: true },
  replacedAt: { type: Date, required: true, default: () => new Date() },
});

/**
 * What each of 50 consecutive sequence numbers of a thread was (`_id` `<threadId>:<seq div 50>`):
 * `s[seq mod 50]` is `p<messageId>` (posted at that seq), `c<messageId>` (changed at it) or absent
 * (a resolve, or not written). Read by `_id` equality, the look-up the embedded database answers
 * from an index, so history and catch-up never scan the messages.
 */
export const threadPageSchema = new Schema(
  {
    _id: { type: String, required: true },
    threadId: { type: Schema.Types.ObjectId, required: true },
    s: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);

/**
 * A copy of the latest record of each message posted in 50 consecutive sequence numbers of a
 * thread (`_id` `<threadId>:<seq div 50>`, the page's): `m[seq mod 50]`. Written by the thread's
 * writer with every post and change, so a page of history not in memory is one or two look-ups by
 * `_id` instead of a query over the messages (docs/threads.md, "Blocks"). A copy may be missing
 * (a crash, an erasure): the message is then read from `messages`.
 */
export const threadBlockSchema = new Schema(
  {
    _id: { type: String, required: true },
    threadId: { type: Schema.Types.ObjectId, required: true },
    m: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);

/**
 * A thread's newest block (`_id` the thread's id; `b` its block number, `m` as in a block), kept
 * apart from `threadblocks` so that a post writes to a collection of one document per thread
 * instead of one holding every message's copy: on the embedded database every write by `_id`
 * scans its collection's bytes. When a post starts the next block, the tail is moved into
 * `threadblocks` (an insert) and starts again (docs/threads.md, "Posting at 100,000").
 */
export const threadTailSchema = new Schema(
  {
    _id: { type: String, required: true },
    threadId: { type: Schema.Types.ObjectId, required: true },
    b: { type: Number, required: true },
    m: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);

/**
 * What search reads of 1,000 consecutive sequence numbers of a thread (`_id`
 * `<threadId>:q<seq div 1000>`, in `threadsearches<seq div 1000 mod 8>`): `t[seq mod 1000]` for each message posted at one of them and not
 * deleted — `{ i: id, a: author id, n: author name, c: posted at, b: text, h: 1 when hidden }`.
 * Kept by the thread's writer like the blocks; a search reads the newest few by `_id`
 * (docs/threads.md, "Search").
 */
export const threadSearchSchema = new Schema(
  {
    _id: { type: String, required: true },
    threadId: { type: Schema.Types.ObjectId, required: true, index: true },
    t: { type: Schema.Types.Mixed, default: {} },
  },
  { minimize: false },
);

/**
 * Search documents are spread over this many collections, consecutive chunks in different ones:
 * on the embedded database a look-up by `_id` scans its collection's bytes, so the five or six
 * look-ups of one search each scan an eighth of them (docs/threads.md, "Search").
 */
export const SEARCH_COLLECTIONS = 8;

/** Which message a post's client id became (`_id` `<threadId>:<clientId>`): a retry finds it by `_id`. */
export const messageClientSchema = new Schema({
  _id: { type: String, required: true },
  messageId: { type: Schema.Types.ObjectId, required: true },
});

/** One person's one emoji on one message. */
export const reactionSchema = new Schema({
  threadId: { type: Schema.Types.ObjectId, required: true },
  messageId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: String, required: true },
  emoji: { type: String, required: true },
  createdAt: { type: Date, required: true, default: () => new Date() },
});
reactionSchema.index({ messageId: 1, userId: 1, emoji: 1 }, { unique: true });

/** The last sequence number a person has seen in a thread. */
export const readMarkerSchema = new Schema({
  userId: { type: String, required: true },
  threadId: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, required: true, default: 0 },
});
readMarkerSchema.index({ userId: 1, threadId: 1 }, { unique: true });

/** An in-app notification: being mentioned, or a reply to one's message. */
export const notificationSchema = new Schema({
  userId: { type: String, required: true },
  kind: { type: String, enum: ['mention', 'reply'], required: true },
  /** The subject's title when it was written (a priority's, a room's, a group's); '' when unknown. */
  subjectTitle: { type: String, default: '' },
  /** A priority's plan title. */
  contextTitle: { type: String, default: null },
  threadId: { type: Schema.Types.ObjectId, required: true },
  threadKey: { type: String, required: true },
  messageId: { type: Schema.Types.ObjectId, required: true },
  authorId: { type: String, required: true },
  authorName: { type: String, required: true },
  excerpt: { type: String, required: true },
  createdAt: { type: Date, required: true, default: () => new Date() },
  readAt: { type: Date, default: null },
});
notificationSchema.index({ userId: 1, _id: -1 });
notificationSchema.index({ userId: 1, readAt: 1 });
notificationSchema.index({ messageId: 1, userId: 1 }, { unique: true });

const searchModel = (conn: Connection, i: number) =>
  conn.model(`ThreadSearch${i}`, threadSearchSchema, `threadsearches${i}`);

export const threadModels = (conn: Connection) => ({
  Thread: conn.model('Thread', threadSchema),
  Message: conn.model('Message', messageSchema),
  MessageVersion: conn.model('MessageVersion', messageVersionSchema),
  Reaction: conn.model('Reaction', reactionSchema),
  ThreadPage: conn.model('ThreadPage', threadPageSchema),
  ThreadBlock: conn.model('ThreadBlock', threadBlockSchema),
  ThreadTail: conn.model('ThreadTail', threadTailSchema),
  // `threadsearches0` … `7`: a search document goes to the one of its chunk number mod 8
  ThreadSearch0: searchModel(conn, 0),
  ThreadSearch1: searchModel(conn, 1),
  ThreadSearch2: searchModel(conn, 2),
  ThreadSearch3: searchModel(conn, 3),
  ThreadSearch4: searchModel(conn, 4),
  ThreadSearch5: searchModel(conn, 5),
  ThreadSearch6: searchModel(conn, 6),
  ThreadSearch7: searchModel(conn, 7),
  MessageClient: conn.model('MessageClient', messageClientSchema),
  ReadMarker: conn.model('ReadMarker', readMarkerSchema),
  Notification: conn.model('Notification', notificationSchema),
});
export type ThreadModels = ReturnType<typeof threadModels>;

export interface ThreadRecord {
  _id: Types.ObjectId;
  key: string;
  kind: 'priority' | 'room' | 'group';
  roomId: Types.ObjectId | null;
  groupId: Types.ObjectId | null;
  planId: Types.ObjectId | null;
  priorityId: string | null;
  seq: number;
  count: number;
  resolved: boolean;
  resolvedById: string | null;
  resolvedByName: string | null;
  resolvedAt: Date | null;
  paged?: boolean;
  searchable?: boolean;
}

export interface MessageRecord {
  _id: Types.ObjectId;
  threadId: Types.ObjectId;
  roomId: Types.ObjectId | null;
  clientId: string;
  authorId: Types.ObjectId;
  authorName: string;
  body: string;
  language: string;
  replyTo: Types.ObjectId | null;
  mentions: string[];
  seq: number;
  changeSeq: number;
  /** Absent on messages from before translations: their text is the one posted at `seq`. */
  textSeq?: number | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  pinned: boolean;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  hiddenById: string | null;
  hiddenByName: string | null;
}
