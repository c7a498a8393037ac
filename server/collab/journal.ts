import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from '../logger.js';
import { DataSync, INLINE_BUDGET_MS } from './dataSync.js';
import { withTimeout } from './frames.js';
import { SeqTakenError, type DocumentStore, type StoredBatch, type StoredDocument } from './store.js';

/**
 * How a single node keeps the promise "stored before anyone sees it" without a
 * database round trip per keystroke: each append is written to a local journal
 * file and fdatasync'd (appends arriving meanwhile share the next sync), and the
 * journal is copied into the database in batches, one insert per document per
 * `flushMs`. A crash loses nothing acknowledged: at start-up the journal is read
 * and whatever the database lacks is stored before anyone connects.
 *
 * Everything that reads the database's copy of a document (`load`, `readAfter`,
 * `compact`) first stores that document's journaled updates, so it reads the same
 * history the document was built from. Only for one node: in a cluster the database
 * orders the writes of the nodes serving a document (see `SeqTakenError`).
 */
export interface JournalOptions {
  /** Folder for the journal's segment files (created if missing). */
  dir: string;
  /** How often journaled updates are copied into the database. */
  flushMs: number;
  /** Past this many bytes not yet in the database (it is down or slow), appends fail. */
  maxUnflushedBytes: number;
  /** A segment file this big is closed and a new one started; flushed segments are deleted. */
  segmentBytes: number;
  /** A copy into the database taking longer fails (and is retried): a stalled database holds up no read for ever. */
  copyTimeoutMs: number;
  logger: Logger;
}

export const JOURNAL_DEFAULTS = {
  flushMs: 1000,
  maxUnflushedBytes: 64 * 1024 * 1024,
  segmentBytes: 16 * 1024 * 1024,
  copyTimeoutMs: 15_000,
};

/** The database has not kept up: the journal holds more than `maxUnflushedBytes` it has not stored yet. */
export class JournalFullError extends Error {}

interface Segment {
  id: number;
  path: string;
  fd: number;
  bytes: number;
  /** Entries written here and not yet in the database: the file is deleted when none are left. */
  unflushed: number;
  /** A new file's directory entry must be durable before anything in it counts as stored. */
  dirSynced: boolean;
  /** The file holds zeros up to here (see zeroAhead). */
  zeroedTo: number;
}

/** One append, as journaled and as it will be stored. */
interface Entry {
  firstSeq: number;
  updates: Uint8Array[];
  authors: readonly string[] | undefined;
  bytes: number;
  segment: Segment;
  /** In the database (copied by a flush). */
  copied: boolean;
}

interface SyncWaiter {
  segment: Segment;
  entry: Entry;
  resolve(): void;
  reject(error: unknown): void;
}

const SEGMENT_NAME = /^journal-(\d{12})\.log$/;
const HEADER_BYTES = 8;

/**
 * Records are written over zeros, this much ahead of them: an fdatasync after a write that
 * grows the file must also commit the file system's metadata (its new size, its blocks),
 * one that overwrites allocated blocks only the data. On this machine's ext4 that took a
 * sync from ~100 to ~60 µs of CPU and from ~300 to ~170 µs of waiting. A record body is never
 * empty, so a zero length marks the end of what was written.
 */
const ZERO_AHEAD_BYTES = 256 * 1024;
/**
 * Zeros are written a page at a time: written at once, they land in one large page-cache folio,
 * and each later record written into it then counts the whole folio (256 KiB) as written in the
 * process's I/O accounting, though only the changed block reaches the disk.
 */
const ZERO_PAGE = Buffer.alloc(4096);

export class JournaledStore implements DocumentStore {
  private segments: Segment[] = [];
  private readonly pending = new Map<string, Entry[]>();
  private unflushedBytes = 0;
  private readonly flushes = new Map<string, Promise<void>>();
  private waiters: SyncWaiter[] = [];
  private syncing = false;
  /** A write or sync of the journal failed: from then on every append goes to the database directly. */
  private broken = false;
  private timer: NodeJS.Timeout | undefined;
  private flushingAll: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly inner: DocumentStore,
    private readonly options: JournalOptions,
  ) {
    this.dataSync = new DataSync({
      onMove: (where, recentMs) =>
        where === 'pool'
          ? options.logger.warn(
              { recentMs: Math.round(recentMs), budgetMs: INLINE_BUDGET_MS },
              'journal syncs held the event loop up too long; syncing in the thread pool until the disk is fast again',
            )
          : options.logger.info('journal syncs are fast again; syncing on the event loop'),
    });
  }

  private readonly dataSync: DataSync;

  /** Recovery of what an earlier process journaled; every read of the database waits for it. */
  private ready: Promise<void> = Promise.resolve();

  /**
   * Opens the journal in `options.dir` and starts a fresh segment. What a previous process
   * journaled (it crashed, or could not reach the database at its stop) is stored in
   * `inner` by `recovered`, before any read of a document.
   */
  static open(inner: DocumentStore, options: JournalOptions): JournaledStore {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const store = new JournaledStore(inner, options);
    const old = readdirSync(options.dir)
      .filter((f) => SEGMENT_NAME.test(f))
      .sort()
      .map((f) => path.join(options.dir, f));
    const lastId = old.length > 0 ? Number(SEGMENT_NAME.exec(path.basename(old.at(-1)!))![1]) : 0;
    store.startSegment(lastId + 1);
    store.ready = old.length === 0 ? Promise.resolve() : store.recoverFrom(old);
    store.timer = setInterval(() => {
      // one copy at a time: a slow database must not pile them up
      store.flushingAll ??= store
        .flushAll()
        .catch(() => undefined)
        .finally(() => (store.flushingAll = null));
    }, options.flushMs);
    store.timer.unref();
    return store;
  }

  /** Resolves once what earlier processes journaled is in the database; rejects if it could not be stored. */
  get recovered(): Promise<void> {
    return this.ready;
  }

  private async recoverFrom(files: string[]): Promise<void> {
    const stored = await this.recover(files);
    // only once the database holds everything they had
    for (const f of files) unlinkSync(f);
    syncDir(this.options.dir);
    if (stored > 0) this.options.logger.warn({ updates: stored }, 'stored updates recovered from the journal');
  }

  /** Reads every record of the old segments and stores, per document, what the database lacks. */
  private async recover(files: string[]): Promise<number> {
    const byDoc = new Map<string, { firstSeq: number; updates: Uint8Array[]; authors: string[] }[]>();
    for (const file of files) {
      for (const record of readSegment(readFileSync(file), file, this.options.logger)) {
        const list = byDoc.get(record.name) ?? [];
        list.push(record);
        byDoc.set(record.name, list);
      }
    }
    let stored = 0;
    for (const [name, records] of byDoc) {
      const { lastSeq } = await this.inner.load(name);
      const updates: Uint8Array[] = [];
      const authors: string[] = [];
      let next = lastSeq + 1;
      for (const record of records) {
        record.updates.forEach((update, i) => {
          const seq = record.firstSeq + i;
          if (seq < next) return; // in the database already
          if (seq > next) return; // unreachable unless a file was lost: never store past a gap
          updates.push(update);
          authors.push(record.authors[i] ?? '');
          next++;
        });
      }
      const last = records.at(-1)!;
      const journaledTo = last.firstSeq + last.updates.length - 1;
      if (next <= journaledTo) {
        this.options.logger.error(
          { doc: name, storedTo: lastSeq, journaledTo, recoverable: next - 1 },
          'journal has a gap after the stored log; storing what precedes it',
        );
      }
      if (updates.length > 0) {
        await this.inner.append(name, lastSeq + 1, updates, authors);
        stored += updates.length;
      }
    }
    return stored;
  }

  private startSegment(id: number): void {
    const file = path.join(this.options.dir, `journal-${String(id).padStart(12, '0')}.log`);
    // document content: readable by the server's own user only
    const fd = openSync(file, 'wx', 0o600);
    const segment: Segment = { id, path: file, fd, bytes: 0, unflushed: 0, dirSynced: false, zeroedTo: 0 };
    this.segments.push(segment);
    this.zeroAhead(segment);
  }

  /**
   * Keeps zeros written ahead of the records (to the page cache, synchronously, at a fixed
   * position, so no record is ever overwritten; the next sync makes them durable with it).
   * A segment is not zeroed past its size.
   */
  private zeroAhead(segment: Segment): void {
    if (segment.zeroedTo - segment.bytes > ZERO_AHEAD_BYTES / 2) return;
    const from = Math.max(segment.zeroedTo, segment.bytes);
    const length = Math.min(ZERO_AHEAD_BYTES, this.options.segmentBytes - from);
    if (length <= 0) return;
    try {
      let written = 0;
      while (written < length)
        written += writeSync(segment.fd, ZERO_PAGE, 0, Math.min(ZERO_PAGE.length, length - written), from + written);
      segment.zeroedTo = from + length;
    } catch (error) {
      // records still go to the end of the file, each sync just costs more; a failing disk fails them
      segment.zeroedTo = this.options.segmentBytes;
      this.options.logger.warn({ err: error, file: segment.path }, 'could not write zeros ahead in the journal');
    }
  }

  private get current(): Segment {
    return this.segments.at(-1)!;
  }

  async load(name: string): Promise<StoredDocument> {
    await this.ready;
    await this.flushDoc(name);
    return this.inner.load(name);
  }

  async readAfter(name: string, afterSeq: number): Promise<StoredBatch[]> {
    await this.ready;
    await this.flushDoc(name);
    return this.inner.readAfter(name, afterSeq);
  }

  async compact(name: string, state: Uint8Array, upToSeq: number, baseVersion: number): Promise<number> {
    // the log it folds must be in the database, or a later copy would store it below the snapshot
    await this.ready;
    await this.flushDoc(name);
    return this.inner.compact(name, state, upToSeq, baseVersion);
  }

  /** Durable once the journal is synced; in the database within `flushMs`. */
  append(name: string, firstSeq: number, updates: Uint8Array[], authors?: readonly string[]): Promise<void> {
    if (this.broken || this.closed) {
      return this.flushDoc(name).then(() => this.inner.append(name, firstSeq, updates, authors));
    }
    if (this.unflushedBytes > this.options.maxUnflushedBytes) {
      return Promise.reject(
        new JournalFullError(`the database has not stored ${this.unflushedBytes} journaled bytes; refusing more`),
      );
    }
    let segment = this.current;
    const record = encodeRecord(name, firstSeq, updates, authors);
    try {
      if (segment.bytes > 0 && segment.bytes + record.length > this.options.segmentBytes) {
        this.startSegment(segment.id + 1);
        segment = this.current;
      }
      // to the page cache now, in order; durable at the next sync of this segment
      writeAll(segment.fd, record);
      segment.bytes += record.length;
      this.zeroAhead(segment);
    } catch (error) {
      return this.breakJournal(error).then(() => this.append(name, firstSeq, updates, authors));
    }
    segment.unflushed++;
    const bytes = updates.reduce((sum, u) => sum + u.length, 0);
    this.unflushedBytes += bytes;
    const entry: Entry = { firstSeq, updates, authors, bytes, segment, copied: false };
    const list = this.pending.get(name) ?? [];
    list.push(entry);
    this.pending.set(name, list);
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ segment, entry, resolve, reject });
      this.sync();
    });
  }

  /** Resolves once no append waits for a sync and none runs. */
  private whenSynced(): Promise<void> {
    if (!this.syncing && this.waiters.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.onSynced.push(resolve));
  }

  private onSynced: (() => void)[] = [];

  /**
   * Group commit: one fdatasync per segment for every append written since the last one. On the
   * event loop (see DataSync) it runs once the loop's turn that appended has ended, so every
   * append read in that turn shares it; in the pool, appends arriving meanwhile share the next.
   */
  private sync(): void {
    if (!this.syncing && this.waiters.length === 0) for (const resolve of this.onSynced.splice(0)) resolve();
    if (this.syncing || this.waiters.length === 0) return;
    this.syncing = true;
    const inline = this.dataSync.inline;
    void (inline ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve()).then(async () => {
      const waiters = this.waiters.splice(0);
      try {
        const fds = this.segmentsToSync(waiters);
        if (inline) this.dataSync.syncInline(fds);
        else await this.dataSync.syncInPool(fds);
      } catch (error) {
        // what was written may or may not be on disk: the database decides from now on,
        // and an append is stored once the database holds it
        await this.breakJournal(error);
        this.syncing = false;
        for (const w of waiters)
          if (w.entry.copied) w.resolve();
          else w.reject(error);
        this.sync();
        return;
      }
      this.syncing = false;
      for (const w of waiters) w.resolve();
      this.sync();
    });
  }

  /** The files `waiters` were written to; a new file's directory entry is made durable first. */
  private segmentsToSync(waiters: SyncWaiter[]): number[] {
    const segments = [...new Set(waiters.map((w) => w.segment))];
    for (const segment of segments) {
      if (segment.dirSynced) continue;
      syncDir(this.options.dir);
      segment.dirSynced = true;
    }
    return segments.map((segment) => segment.fd);
  }

  /**
   * The journal's file system failed (full, read-only, I/O error): appends go straight
   * to the database from now on, after what the journal holds, so nothing is reordered.
   */
  private async breakJournal(error: unknown): Promise<void> {
    if (this.broken) return;
    this.broken = true;
    this.options.logger.error({ err: error }, 'journal write failed; storing every update in the database directly');
    await this.flushAll().catch(() => undefined);
  }

  /** Copies every document's journaled updates into the database, one document at a time. */
  async flushAll(): Promise<void> {
    let failure: unknown = null;
    for (const name of [...this.pending.keys()]) {
      await this.flushDoc(name).catch((error: unknown) => {
        failure ??= error;
      });
    }
    this.deleteFlushedSegments();
    if (failure) {
      this.options.logger.warn(
        { err: failure, unflushedBytes: this.unflushedBytes },
        'journal copy to the database failed; will retry',
      );
      throw failure;
    }
  }

  /** Copies `name`'s journaled updates into the database (after any copy already running for it). */
  private flushDoc(name: string): Promise<void> {
    const previous = this.flushes.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.copy(name));
    this.flushes.set(name, next);
    void next
      .finally(() => {
        if (this.flushes.get(name) === next) this.flushes.delete(name);
      })
      .catch(() => undefined);
    return next;
  }

  private async copy(name: string): Promise<void> {
    const entries = this.pending.get(name);
    if (!entries || entries.length === 0) return;
    const batch = entries.slice();
    const firstSeq = batch[0]!.firstSeq;
    const updates = batch.flatMap((e) => e.updates);
    const withAuthors = batch.some((e) => e.authors);
    const authors = withAuthors ? batch.flatMap((e) => e.authors ?? e.updates.map(() => '')) : undefined;
    const ms = this.options.copyTimeoutMs;
    try {
      await withTimeout(this.inner.append(name, firstSeq, updates, authors), ms);
    } catch (error) {
      if (!(error instanceof SeqTakenError)) throw error;
      // an earlier copy was stored although its answer was lost (e.g. a timeout): store the rest
      const { lastSeq } = await withTimeout(this.inner.load(name), ms);
      const from = Math.max(firstSeq, lastSeq + 1);
      const rest = updates.slice(from - firstSeq);
      if (rest.length > 0) await withTimeout(this.inner.append(name, from, rest, authors?.slice(from - firstSeq)), ms);
    }
    entries.splice(0, batch.length);
    if (entries.length === 0) this.pending.delete(name);
    for (const entry of batch) {
      entry.copied = true;
      entry.segment.unflushed--;
      this.unflushedBytes -= entry.bytes;
    }
  }

  /** Older segments whose every entry is in the database are closed and deleted. */
  private deleteFlushedSegments(): void {
    const keep: Segment[] = [];
    for (const segment of this.segments) {
      const waiting = this.waiters.some((w) => w.segment === segment);
      if (segment !== this.current && segment.unflushed === 0 && !waiting && !this.syncing) {
        this.discard(segment, true);
      } else keep.push(segment);
    }
    this.segments = keep;
  }

  /**
   * Closes a segment's file, and deletes it when `unlink`. A file system that failed may refuse
   * both: that is logged, never thrown, so a stop still reaches the database's own shutdown.
   */
  private discard(segment: Segment, unlink: boolean): void {
    try {
      closeSync(segment.fd);
    } catch (error) {
      this.options.logger.warn({ err: error, file: segment.path }, 'could not close a journal segment');
    }
    if (!unlink) return;
    try {
      unlinkSync(segment.path);
    } catch (error) {
      this.options.logger.warn({ err: error, file: segment.path }, 'could not delete a journal segment');
    }
  }

  /** The journal's file could not be written or synced: updates go to the database directly. */
  get failed(): boolean {
    return this.broken;
  }

  /** Where the syncs run now (see DataSync), for health. */
  get syncsOn(): 'event-loop' | 'thread-pool' {
    return this.dataSync.inline ? 'event-loop' : 'thread-pool';
  }

  /** Bytes journaled and not yet in the database (for health and tests). */
  get backlogBytes(): number {
    return this.unflushedBytes;
  }

  /**
   * Copies everything into the database and deletes the journal (a clean stop). Whatever
   * cannot be copied stays in the journal for the next start to store.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    // an append may arrive while the last sync completes: it is synced before the files close
    while (this.syncing || this.waiters.length > 0) await this.whenSynced();
    this.closed = true;
    await this.flushingAll;
    try {
      await this.flushAll();
    } catch (error) {
      this.options.logger.error({ err: error }, 'journal not fully stored at shutdown; the next start stores it');
    }
    for (const segment of this.segments) this.discard(segment, segment.unflushed === 0);
    this.segments = [];
  }
}

/** `[u32 body length][u32 crc32 of body][body]`; the body names the document, the first seq and each update. */
function encodeRecord(name: string, firstSeq: number, updates: Uint8Array[], authors?: readonly string[]): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, name);
  encoding.writeVarUint(encoder, firstSeq);
  encoding.writeVarUint(encoder, updates.length);
  updates.forEach((update, i) => {
    encoding.writeVarString(encoder, authors?.[i] ?? '');
    encoding.writeVarUint8Array(encoder, update);
  });
  const body = encoding.toUint8Array(encoder);
  const record = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  record.writeUInt32LE(body.length, 0);
  record.writeUInt32LE(crc32(body), 4);
  record.set(body, HEADER_BYTES);
  return record;
}

interface JournalRecord {
  name: string;
  firstSeq: number;
  updates: Uint8Array[];
  authors: string[];
}

/**
 * The records of one segment, in order. A torn or corrupt record ends the segment: it
 * was being written when the process died, so it was never acknowledged.
 */
export function readSegment(data: Buffer, file: string, logger: Logger): JournalRecord[] {
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset < data.length) {
    const length = offset + HEADER_BYTES <= data.length ? data.readUInt32LE(offset) : -1;
    // the zeros written ahead of the records: nothing more was written
    if (length === 0 && data.readUInt32LE(offset + 4) === 0) break;
    const end = offset + HEADER_BYTES + length;
    if (
      length < 0 ||
      end > data.length ||
      crc32(data.subarray(offset + HEADER_BYTES, end)) !== data.readUInt32LE(offset + 4)
    ) {
      logger.warn({ file, offset, bytes: data.length - offset }, 'journal ends in an incomplete record; ignoring it');
      break;
    }
    const decoder = decoding.createDecoder(data.subarray(offset + HEADER_BYTES, end));
    const name = decoding.readVarString(decoder);
    const firstSeq = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    const updates: Uint8Array[] = [];
    const authors: string[] = [];
    for (let i = 0; i < count; i++) {
      authors.push(decoding.readVarString(decoder));
      // a copy: the file's buffer is dropped once read
      updates.push(Uint8Array.from(decoding.readVarUint8Array(decoder)));
    }
    records.push({ name, firstSeq, updates, authors });
    offset = end;
  }
  return records;
}

function writeAll(fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) written += writeSync(fd, data, written);
}

/** A new or deleted file is durable only once its folder is synced. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
