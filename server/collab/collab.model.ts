import { Schema, type Connection } from 'mongoose';

/**
 * One group commit of a document's append-only update log: the updates stored
 * together, numbered `seq` … `lastSeq`. One record per write (not per update)
 * keeps the log short under load, which matters on FerretDB, where range
 * queries scan the collection.
 *
 * The updates are packed into one binary (see packUpdates in store.ts): a keystroke's
 * update is ~25 bytes, and as an array element with its author's id beside it BSON
 * spent ~40 more on it. Records written before that hold `updates` (and `authors`
 * aligned with them) instead; both are read.
 */
export const docUpdateSchema = new Schema({
  doc: { type: String, required: true },
  seq: { type: Number, required: true },
  lastSeq: { type: Number, required: true },
  /** For each update: its author's index in `authorIds`, its length, its bytes (lib0 varuints). */
  packed: { type: Buffer },
  /** The distinct user ids who sent this record's updates (ObjectIds; '' for the server). */
  authorIds: { type: [Schema.Types.Mixed], default: undefined },
  /** Older records: the updates one by one. */
  updates: { type: [Buffer], default: undefined },
  /** Older records: who sent each update, aligned with `updates`. */
  authors: { type: [String], default: undefined },
  createdAt: { type: Date, required: true },
});
docUpdateSchema.index({ doc: 1, seq: 1 }, { unique: true });

/** One part of a compacted snapshot; parts keep every record far below the 16 MB limit. */
export const docSnapshotPartSchema = new Schema({
  doc: { type: String, required: true },
  snapshotId: { type: String, required: true },
  part: { type: Number, required: true },
  data: { type: Buffer, required: true },
  /** The head version this snapshot commits as; clean-up removes only older ones. Absent on older parts. */
  version: { type: Number },
});
docSnapshotPartSchema.index({ doc: 1, snapshotId: 1, part: 1 }, { unique: true });

/**
 * Points at a document's current snapshot. Replacing this one record is the commit
 * point of a compaction, so a crash at any step leaves a loadable document.
 */
export const docHeadSchema = new Schema({
  _id: { type: String, required: true },
  snapshotId: { type: String, required: true },
  parts: { type: Number, required: true },
  upToSeq: { type: Number, required: true },
  /** Bumped by every compaction; a compaction commits only over the version it started from (fencing). */
  version: { type: Number, default: 0 },
  /** How the parts' bytes are stored: absent, the state as it is; `deflate-raw`, deflated (see encodeSnapshot in store.ts). */
  encoding: { type: String },
  updatedAt: { type: Date, required: true },
});

/**
 * Which compaction commits head version N of a document: inserted (`_id` = `<doc>:<N>`) before
 * the head is replaced. An insert under a unique key is atomic on MongoDB and on the embedded
 * FerretDB, where an update filtered on the version is not (two can both match).
 */
export const docHeadClaimSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
});

/** The collections the sync server owns: each document's update log, snapshot parts and head. */
export const collabModels = (conn: Connection) => ({
  DocUpdate: conn.model('DocUpdate', docUpdateSchema),
  DocSnapshotPart: conn.model('DocSnapshotPart', docSnapshotPartSchema),
  DocHead: conn.model('DocHead', docHeadSchema),
  DocHeadClaim: conn.model('DocHeadClaim', docHeadClaimSchema),
});
export type CollabModels = ReturnType<typeof collabModels>;
