import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Types } from 'mongoose';
import type { CollabModels as Models } from './collab.model.js';

/** What a document's stored history looks like when it is loaded. */
export interface StoredDocument {
  /** The compacted snapshot (if any) followed by every later update, in order. */
  updates: Uint8Array[];
  /** Sequence number of the last stored update; the next append starts after it. */
  lastSeq: number;
  /** Updates stored since the last snapshot, to decide when to compact. */
  updatesSinceSnapshot: number;
  /** Version of the head the snapshot came from (0 = none); a compaction must start from it. */
  headVersion: number;
}

/** Where a document's snapshot stands: its version and the last seq it folds in. */
export interface HeadPosition {
  version: number;
  upToSeq: number;
}

/**
 * A compaction lost the race: the head moved since it started (another compaction
 * committed, e.g. a late one of an earlier instance). Carries the head it found.
 */
export class StaleCompactionError extends Error {
  constructor(
    message: string,
    readonly current: HeadPosition | null,
  ) {
    super(message);
  }
}

/** The stored log is not contiguous: an update is missing, so loading would silently lose it. */
export class LogGapError extends Error {}

/**
 * An append found its first seq already stored: another writer (another node serving
 * the document, or a paused earlier instance) got there first. Nothing of this append
 * is stored up to the conflict; the writer catches up from the log and tries again.
 */
export class SeqTakenError extends Error {}

/** Updates stored together from `seq` on (`seq`, `seq + 1`, …), as one node tells another. */
export interface StoredBatch {
  seq: number;
  updates: Uint8Array[];
}

/**
 * Durable storage of Yjs documents: an append-only update log plus snapshots.
 * Kept small so another backend (e.g. S3 snapshots) can stand in behind it.
 */
export interface DocumentStore {
  load(name: string): Promise<StoredDocument>;
  /**
   * Stores `updates` as seq `firstSeq`, `firstSeq + 1`, … in one round trip (one record per 8 MiB);
   * `authors` (aligned with `updates`) is the user id who sent each one, '' for the server.
   */
  append(name: string, firstSeq: number, updates: Uint8Array[], authors?: readonly string[]): Promise<void>;
  /**
   * The log after `afterSeq`, oldest first. Starts later than `afterSeq + 1` when a
   * compaction folded those records into the snapshot meanwhile (then `load` again).
   */
  readAfter(name: string, afterSeq: number): Promise<StoredBatch[]>;
  /**
   * Replaces everything up to `upToSeq` with `state` (a full-state update), only
   * if the head is still at `baseVersion` (else StaleCompactionError, nothing
   * changed). Resolves with the new head version.
   */
  compact(name: string, state: Uint8Array, upToSeq: number, baseVersion: number): Promise<number>;
}

/** Cuts a batch into log records of at most `recordBytes` (an update bigger than that is a record alone). */
export function splitIntoRecords(
  firstSeq: number,
  updates: Uint8Array[],
  recordBytes: number,
): { seq: number; lastSeq: number; updates: Uint8Array[] }[] {
  const records: { seq: number; lastSeq: number; updates: Uint8Array[] }[] = [];
  let seq = firstSeq;
  let current: Uint8Array[] = [];
  let bytes = 0;
  const close = () => {
    if (current.length === 0) return;
    records.push({ seq, lastSeq: seq + current.length - 1, updates: current });
    seq += current.length;
    current = [];
    bytes = 0;
  };
  for (const update of updates) {
    if (bytes + update.length > recordBytes) close();
    current.push(update);
    bytes += update.length;
  }
  close();
  return records;
}

/** Cuts a snapshot into parts of `partBytes` (at least one part, even for an empty state). */
export function splitIntoParts(state: Uint8Array, partBytes: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < state.length || parts.length === 0; offset += partBytes) {
    parts.push(state.subarray(offset, offset + partBytes));
  }
  return parts;
}

/**
 * Checks that log records follow the snapshot without a gap; returns the last seq.
 * Both stores use it on load, so a hole in the log fails loudly instead of losing updates.
 */
export function checkContiguous(name: string, snapshotSeq: number, records: { seq: number; lastSeq: number }[]): void {
  let expected = snapshotSeq + 1;
  for (const record of records) {
    if (record.seq > expected) {
      throw new LogGapError(`${name}: update log jumps from seq ${expected - 1} to ${record.seq}`);
    }
    expected = Math.max(expected, record.lastSeq + 1);
  }
}

/** Log records hold at most this many bytes of updates, well under MongoDB's 16 MB document limit. */
export const RECORD_BYTES = 8 * 1024 * 1024;

/** 4 MiB parts keep each snapshot record well under MongoDB's 16 MB document limit. */
export const SNAPSHOT_PART_BYTES = 4 * 1024 * 1024;

export class MongoDocumentStore implements DocumentStore {
  constructor(
    private readonly models: Models,
    private readonly partBytes = SNAPSHOT_PART_BYTES,
    private readonly recordBytes = RECORD_BYTES,
  ) {}

  /**
   * Reads the head, its parts and the log after it, then the head again: if a
   * compaction (of another instance or node) committed in between, the parts or log
   * read may already be gone, so it reads again. Only an unchanged head proves the
   * three reads belong together.
   */
  async load(name: string): Promise<StoredDocument> {
    for (let attempt = 1; ; attempt++) {
      const head = await this.models.DocHead.findById(name).lean();
      const parts = head
        ? await this.models.DocSnapshotPart.find({ doc: name, snapshotId: head.snapshotId }).sort({ part: 1 }).lean()
        : [];
      const snapshotSeq = head?.upToSeq ?? 0;
      const records = await this.models.DocUpdate.find({ doc: name, lastSeq: { $gt: snapshotSeq } })
        .sort({ seq: 1 })
        .lean();
      const now = await this.models.DocHead.findById(name).lean();
      if ((now?.snapshotId ?? null) !== (head?.snapshotId ?? null) && attempt < LOAD_ATTEMPTS) continue;
      if (head && parts.length !== head.parts) {
        throw new Error(`snapshot ${head.snapshotId} of ${name} has ${parts.length} of ${head.parts} parts`);
      }
      checkContiguous(name, snapshotSeq, records);
      const updates: Uint8Array[] = head
        ? [await decodeSnapshot(Buffer.concat(parts.map((p) => toBytes(p.data))), head.encoding, name)]
        : [];
      let lastSeq = snapshotSeq;
      let updatesSinceSnapshot = 0;
      for (const record of records) {
        unpackRecord(record).updates.forEach((update, i) => {
          if (record.seq + i <= snapshotSeq) return; // folded into the snapshot already
          updates.push(update);
          updatesSinceSnapshot++;
        });
        lastSeq = record.lastSeq;
      }
      return { updates, lastSeq, updatesSinceSnapshot, headVersion: head ? (head.version ?? 0) : 0 };
    }
  }

  async append(name: string, firstSeq: number, updates: Uint8Array[], authors?: readonly string[]): Promise<void> {
    const createdAt = new Date();
    const records = splitIntoRecords(firstSeq, updates, this.recordBytes).map((r) => ({
      doc: name,
      seq: r.seq,
      lastSeq: r.lastSeq,
      ...packUpdates(r.updates, authors?.slice(r.seq - firstSeq, r.lastSeq - firstSeq + 1)),
      createdAt,
    }));
    // the driver's own insert (the connection's write concern applies): these records are built
    // here, so mongoose's casting and validation would only cost the hot path (~40 % of the
    // insert's CPU in this process, measured)
    await this.models.DocUpdate.collection.insertMany(records, { ordered: true }).catch((error: { code?: number }) => {
      if (error.code === 11000) throw new SeqTakenError(`${name}: seq ${firstSeq} or later is already stored`);
      throw error;
    });
  }

  async readAfter(name: string, afterSeq: number): Promise<StoredBatch[]> {
    const records = await this.models.DocUpdate.find({ doc: name, lastSeq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .lean();
    return records.map((r) => ({ seq: r.seq, updates: unpackRecord(r).updates }));
  }

  /** Deletes the log records up to `upToSeq`, oldest first, in bounded seq ranges (see DELETE_CHUNK). */
  private async deleteLogUpTo(name: string, upToSeq: number): Promise<void> {
    const oldest = await this.models.DocUpdate.findOne({ doc: name }).sort({ seq: 1 }).select('seq').lean();
    for (let from = oldest?.seq ?? upToSeq + 1; from <= upToSeq; from += DELETE_CHUNK) {
      const to = Math.min(from + DELETE_CHUNK - 1, upToSeq);
      await this.models.DocUpdate.deleteMany({ doc: name, seq: { $gte: from, $lte: to }, lastSeq: { $lte: upToSeq } });
    }
  }

  async compact(name: string, state: Uint8Array, upToSeq: number, baseVersion: number): Promise<number> {
    const snapshotId = randomUUID();
    const { data: stored, encoding } = await encodeSnapshot(state);
    const parts = splitIntoParts(stored, this.partBytes).map((part) => Buffer.from(part));
    // Parts first, then the head (the commit point), then garbage: a crash anywhere leaves a loadable document.
    const version = baseVersion + 1;
    for (const [part, data] of parts.entries()) {
      await this.models.DocSnapshotPart.create({ doc: name, snapshotId, part, data, version });
    }
    const head = {
      snapshotId,
      parts: parts.length,
      upToSeq,
      version,
      updatedAt: new Date(),
      ...(encoding && { encoding }),
    };
    // the version is claimed first (an insert under a unique key is atomic everywhere), then the
    // head replaced over the version it started from (compare-and-set, fencing on MongoDB too)
    const claim = `${name}:${version}`;
    let committed = await this.models.DocHeadClaim.create({ _id: claim, at: new Date() }).then(
      () => true,
      async (error: { code?: number }) => {
        if (error.code !== 11000) throw error;
        // a claim whose compaction died between claiming and committing is released after a while
        await this.models.DocHeadClaim.deleteOne({
          _id: claim,
          at: { $lt: new Date(Date.now() - CLAIM_ABANDONED_MS) },
        });
        return false;
      },
    );
    if (committed) {
      // From version 0 it may create the first head; a concurrent first head makes that insert collide.
      const filter =
        baseVersion === 0 ? { _id: name, version: { $in: [0, null] } } : { _id: name, version: baseVersion };
      committed = await this.models.DocHead.replaceOne(filter, head, { upsert: baseVersion === 0 }).then(
        (result) => result.modifiedCount + result.upsertedCount === 1,
        async (error: { code?: number }) => {
          if (error.code === 11000) return false;
          await this.models.DocHeadClaim.deleteOne({ _id: claim }).catch(() => undefined);
          throw error;
        },
      );
      if (!committed) await this.models.DocHeadClaim.deleteOne({ _id: claim }).catch(() => undefined);
    }
    if (!committed) {
      await this.models.DocSnapshotPart.deleteMany({ doc: name, snapshotId });
      const current = await this.models.DocHead.findById(name).select('version upToSeq').lean();
      throw new StaleCompactionError(
        `${name}: head moved past version ${baseVersion}`,
        current ? { version: current.version ?? 0, upToSeq: current.upToSeq } : null,
      );
    }
    void this.models.DocHeadClaim.deleteOne({ _id: `${name}:${version - 1}` }).catch(() => undefined);
    // only now is no head pointing at the older parts, or at the folded log records. Only older
    // versions: a newer compaction may have committed (or be writing its parts) while this one was slow.
    await this.models.DocSnapshotPart.deleteMany({
      doc: name,
      $or: [{ version: { $lt: version } }, { version: { $exists: false } }],
    });
    await this.deleteLogUpTo(name, upToSeq);
    return version;
  }
}

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** How a snapshot's bytes are stored: as they are (no `encoding` on the head), or deflated. */
export type SnapshotEncoding = 'deflate-raw';

/**
 * Compressed at level 1 (fast, in libuv's pool, off the event loop) when that saves a tenth or
 * more. A document's state repeats itself (in a document typed at random places, each
 * character's item names its neighbours' client ids): deflated, its snapshot costs ~half the
 * bytes to write at every compaction and to read at every cold load, where the embedded
 * database spends ~30 ms a MiB reading it back.
 */
async function encodeSnapshot(state: Uint8Array): Promise<{ data: Uint8Array; encoding?: SnapshotEncoding }> {
  const deflated = await deflate(state, { level: 1 });
  return deflated.length <= state.length * 0.9 ? { data: deflated, encoding: 'deflate-raw' } : { data: state };
}

async function decodeSnapshot(data: Buffer, encoding: string | null | undefined, name: string): Promise<Uint8Array> {
  if (!encoding) return data;
  if (encoding !== 'deflate-raw')
    throw new Error(`snapshot of ${name} is stored as ${encoding}, which this server cannot read`);
  return inflate(data);
}

/**
 * Log records are deleted in seq ranges of this many: FerretDB's SQLite backend
 * turns one deleteMany into a statement with a variable per row and fails past
 * 32,766 of them ("too many SQL variables").
 */
export const DELETE_CHUNK = 5000;

/** A head version claimed this long ago and never committed: its compaction died; the claim is released. */
const CLAIM_ABANDONED_MS = 10 * 60_000;

/** Compactions committing during a load make it read again; this many tries, then it reports what it read. */
const LOAD_ATTEMPTS = 5;

/**
 * A log record's updates in one binary: for each, its author's index in `authorIds`, its
 * length and its bytes. Without `authors`, no ids are stored (every index is 0).
 */
export function packUpdates(
  updates: readonly Uint8Array[],
  authors?: readonly string[],
): { packed: Buffer; authorIds?: (string | Types.ObjectId)[] } {
  const encoder = encoding.createEncoder();
  const ids = new Map<string, number>();
  updates.forEach((update, i) => {
    const author = authors?.[i] ?? '';
    let index = ids.get(author);
    if (index === undefined) ids.set(author, (index = ids.size));
    encoding.writeVarUint(encoder, authors ? index : 0);
    encoding.writeVarUint8Array(encoder, update);
  });
  const packed = Buffer.from(encoding.toUint8Array(encoder));
  // a user id as an ObjectId takes 12 bytes instead of a 24-character string's 29
  const authorIds = [...ids.keys()].map((id) => (OBJECT_ID.test(id) ? new Types.ObjectId(id) : id));
  return authors ? { packed, authorIds } : { packed };
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A stored log record, as read: packed, or an older one with its updates one by one. */
export interface LogRecordData {
  packed?: unknown;
  authorIds?: unknown[] | null;
  updates?: unknown[] | null;
  authors?: string[] | null;
}

/** A log record's updates, in order, and who sent each (undefined when it was not recorded). */
export function unpackRecord(record: LogRecordData): { updates: Uint8Array[]; authors: string[] | undefined } {
  if (record.packed === undefined || record.packed === null) {
    return { updates: (record.updates ?? []).map(toBytes), authors: record.authors ?? undefined };
  }
  const decoder = decoding.createDecoder(toBytes(record.packed));
  const updates: Uint8Array[] = [];
  const authors: string[] = [];
  const ids = record.authorIds?.map(String);
  while (decoding.hasContent(decoder)) {
    const index = decoding.readVarUint(decoder);
    // a view into the record's buffer, which is not reused
    updates.push(decoding.readVarUint8Array(decoder));
    authors.push(ids?.[index] ?? '');
  }
  return { updates, authors: ids ? authors : undefined };
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  // mongoose .lean() returns BSON Binary for Buffer fields
  const binary = data as { buffer: Uint8Array; length?: number; position?: number };
  return binary.buffer.subarray(0, binary.position ?? binary.length ?? binary.buffer.length);
}
