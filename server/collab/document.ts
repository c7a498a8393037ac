import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from '../../shared/collab.js';
import type { Logger } from '../logger.js';
import { AfterStoreRunner } from './afterStore.js';
import { commitSnapshot, CompactionScheduler } from './compactions.js';
import { DocumentAwareness } from './awareness.js';
import { frameOnce, type CollabConnection } from './connection.js';
import { copyOf, EMPTY_UPDATE, MalformedMessageError, readOrThrow, syncMessage, withTimeout } from './frames.js';
import { applyStored, FullStateMessage, isEmptyStateVector } from './fullState.js';
import type { DocumentKind } from './kinds.js';
import { authorOf, PEER_ORIGIN, type TransactionOrigin } from './origins.js';
import { SeqTakenError, type DocumentStore, type StoredBatch, type StoredDocument } from './store.js';

export { MalformedMessageError };

const MESSAGE_QUERY_AWARENESS = 3;

/** Appends that find their seq taken by another node catch up and retry, this many times in all. */
const SEQ_ATTEMPTS = 20;
/** How long such an append waits to hear the other node's batch before reading the log instead. */
const HEAR_WAIT_MS = 50;

interface PendingUpdate {
  origin: TransactionOrigin;
  /** The connection to acknowledge, for client updates. */
  conn: CollabConnection | null;
  /** null for an update that carried nothing new or was dropped (still acknowledged in order). */
  update: Uint8Array | null;
  /** A reader's update with content: handled, never stored, so not reported as saved. */
  dropped?: boolean;
  /** Settles a server `transact` once its update is stored and applied. */
  done?: { resolve(): void; reject(error: unknown): void };
}

/** An update waiting for the document to be settled (see `readers`), tried when it is. */
interface HeldUpdate {
  origin: TransactionOrigin;
  conn: CollabConnection | null;
  update: Uint8Array;
  empty: boolean;
  done?: { resolve(): void; reject(error: unknown): void };
}

/** Something that must see the document exactly as stored: a client's sync request, or a snapshot. */
type Reader =
  | { kind: 'sync'; conn: CollabConnection; stateVector: Uint8Array }
  | { kind: 'visit'; visit(doc: Y.Doc): void; reject(error: unknown): void };

/** A document exactly as stored up to `seq`, of which `sinceSnapshot` updates are not in a snapshot yet. */
interface StableState {
  update: Uint8Array;
  seq: number;
  sinceSnapshot: number;
  /** Bytes of those updates. */
  bytesSinceSnapshot: number;
}

/** An update the document's kind refused (e.g. over a cap, or the plan is adopted). */
export class RefusedUpdateError extends Error {}

/** Bounds that keep a slow or stalled database from growing memory or freezing a document silently. */
export interface DocumentLimits {
  /** Bytes of updates waiting to be stored; a connection pushing past it is closed (1011). */
  maxPendingBytes: number;
  /** A log append taking longer fails the document (every connection 1011, then a fresh load). */
  writeTimeoutMs: number;
}

const DEFAULT_LIMITS: DocumentLimits = { maxPendingBytes: 64 * 1024 * 1024, writeTimeoutMs: 15_000 };

/**
 * A loaded document and its connections. One Y.Doc holds everything accepted: an
 * update is tried on it (and judged by the kind's validator) when it arrives, then
 * stored, and only then forwarded and acknowledged (group commit: whatever arrives
 * during a write goes in the next one). So nobody ever sees an edit that a crash could
 * lose: what a connection receives is only ever stored updates, and whoever must see
 * the document whole (a client's sync request, a snapshot) waits for a moment when
 * everything accepted is stored (`readers`), new updates held meanwhile.
 */
export class SharedDocument {
  private current = new Y.Doc({ gc: true });
  readonly conns = new Set<CollabConnection>();
  private readonly connsById = new Map<number, CollabConnection>();
  /** The access ids of the last connection added, shared with the next ones that have the same. */
  private resourceIds: readonly string[] | null = null;
  private readonly presence: DocumentAwareness;
  private seq: number;
  private updatesSinceSnapshot: number;
  /** Bytes of the updates stored since the snapshot, and of the snapshot (0: none): see `logOutweighsSnapshot`. */
  private bytesSinceSnapshot: number;
  private snapshotBytes: number;
  private headVersion: number;
  private pending: PendingUpdate[] = [];
  private pendingBytes = 0;
  /** Accepted updates being stored right now (applied to the document, not yet stored). */
  private inFlight: Uint8Array[] = [];
  /** Waiting for the document to equal what is stored; while any wait, new updates are held. */
  private readers: Reader[] = [];
  private held: HeldUpdate[] = [];
  /**
   * An update that could not be integrated, or that the kind refused, may have left part of
   * itself in the document: it is rebuilt from the log once everything accepted before is stored.
   */
  private tainted = false;
  private fullState: FullStateMessage;
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private readonly afterStore: AfterStoreRunner;
  private failed = false;
  /** Batches other nodes stored, not yet applied; `behind`: some may have been missed. */
  private heard: StoredBatch[] = [];
  private behind = false;

  /**
   * What the document held when it was loaded: a connection that was sent the stored state
   * while the document was being built (see CollabServer's cold load) has it already.
   */
  readonly loadedStateVector: Uint8Array;
  /** The seq stored when it was loaded: while it is still the seq, the document is as loaded. */
  private readonly loadedSeq: number;

  constructor(
    readonly name: string,
    private readonly kind: DocumentKind,
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly compactAfterUpdates: number,
    loaded: StoredDocument,
    private readonly limits: DocumentLimits = DEFAULT_LIMITS,
    private readonly compactions = new CompactionScheduler(1, 60_000),
  ) {
    const applied = applyStored(this.current, loaded.updates, logger, name);
    this.loadedStateVector = Y.encodeStateVector(this.current);
    const whole = loaded.updates.length === 1 && applied === 1 ? loaded.updates[0]! : null;
    this.fullState = new FullStateMessage(this.current, whole);
    this.seq = loaded.lastSeq;
    this.loadedSeq = loaded.lastSeq;
    this.updatesSinceSnapshot = loaded.updatesSinceSnapshot;
    ({ snapshotBytes: this.snapshotBytes, bytesSinceSnapshot: this.bytesSinceSnapshot } = sizesOf(loaded));
    this.headVersion = loaded.headVersion;
    this.afterStore = new AfterStoreRunner(kind, name, (look) => this.visit(look), logger);
    this.presence = new DocumentAwareness(
      (id) => this.connsById.get(id),
      (message) => this.broadcast(message),
      (update) => this.onPresence?.(update),
    );
  }

  /**
   * Everything accepted: stored, being stored, or waiting to be. Read it for what the
   * server decides (e.g. a validator's context); never send it to anyone (see `stable`).
   */
  get doc(): Y.Doc {
    return this.current;
  }

  get awareness() {
    return this.presence.awareness;
  }

  /** Encoded once, the same buffer goes to every receiver (but `except`). */
  private broadcast(message: Uint8Array, except: CollabConnection | null = null): void {
    const framed = frameOnce(Buffer.from(message.buffer, message.byteOffset, message.byteLength));
    for (const conn of this.conns) if (conn !== except) conn.sendFramed(framed);
  }

  /**
   * Forwards stored updates as one sync message (one update as it came, several merged), to
   * everyone but `sender` when every update came from that one connection: it has them already.
   */
  private forward(updates: readonly Uint8Array[], sender: CollabConnection | null = null): void {
    if (updates.length === 0 || this.conns.size === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates as Uint8Array[]));
    this.broadcast(encoding.toUint8Array(encoder), sender);
  }

  /** Greets a new connection: our state vector and everyone's awareness. */
  addConnection(conn: CollabConnection): void {
    this.conns.add(conn);
    this.connsById.set(conn.id, conn);
    // a document's connections nearly always have the same access ids: one copy for all
    // (each id string is a tree of pieces as bson builds it, ~0.2 KB)
    const ids = this.resourceIds;
    if (ids && sameIds(ids, conn.resourceIds)) conn.resourceIds = ids;
    else this.resourceIds = conn.resourceIds;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    // the accepted state vector only tells the client what not to send again
    syncProtocol.writeSyncStep1(encoder, this.current);
    conn.send(encoding.toUint8Array(encoder));
    const everyone = this.presence.everyone();
    if (everyone) conn.send(everyone);
  }

  removeConnection(conn: CollabConnection): void {
    if (!this.conns.delete(conn)) return;
    this.connsById.delete(conn.id);
    this.presence.remove(conn);
  }

  /**
   * Handles one frame. Throws `MalformedMessageError` for anything that is not a
   * well-formed y-websocket message; nothing from such a frame is stored.
   */
  handleMessage(conn: CollabConnection, data: Uint8Array): void {
    let messageType: number;
    let decoder: decoding.Decoder;
    try {
      decoder = decoding.createDecoder(data);
      messageType = decoding.readVarUint(decoder);
    } catch {
      throw new MalformedMessageError('empty or truncated frame');
    }
    switch (messageType) {
      case MESSAGE_SYNC:
        return this.handleSync(conn, decoder);
      case MESSAGE_AWARENESS:
        return this.presence.apply(
          conn,
          readOrThrow(() => decoding.readVarUint8Array(decoder)),
        );
      case MESSAGE_QUERY_AWARENESS: {
        const everyone = this.presence.everyone();
        if (everyone) conn.send(everyone);
        return;
      }
      default:
        throw new MalformedMessageError(`unknown message type ${messageType}`);
    }
  }

  private handleSync(conn: CollabConnection, decoder: decoding.Decoder): void {
    const syncType = readOrThrow(() => decoding.readVarUint(decoder));
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = readOrThrow(() => decoding.readVarUint8Array(decoder));
      try {
        // fails on a malformed state vector: better now than when it is answered
        if (!isEmptyStateVector(stateVector)) Y.decodeStateVector(stateVector);
      } catch {
        throw new MalformedMessageError('malformed state vector');
      }
      this.read({ kind: 'sync', conn, stateVector });
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new MalformedMessageError(`unknown sync message ${syncType}`);
    }
    const update = readOrThrow(() => decoding.readVarUint8Array(decoder));
    // nothing to store: no structs, no deletions (what a client in sync answers); anything
    // else is tried on the document, where a malformed update throws (`accept`)
    const empty = update.length === 2 && update[0] === 0 && update[1] === 0;
    if (
      !empty &&
      conn.canWrite &&
      this.pendingBytes > 0 &&
      this.pendingBytes + update.length > this.limits.maxPendingBytes
    ) {
      // the database is not keeping up: refuse rather than queue without end (nothing acknowledged is lost)
      this.logger.warn({ doc: this.name, userId: conn.actor.id }, 'update queue full; closing connection');
      conn.rejected = true;
      conn.ws.close(CLOSE_CODES.internalError, 'storage busy');
      return;
    }
    conn.received++;
    this.accept({ origin: conn.origin, conn, update, empty });
  }

  /** While anyone waits to see the document as stored, or it is being rebuilt, updates wait too. */
  private get settling(): boolean {
    return this.readers.length > 0 || this.tainted || this.held.length > 0;
  }

  /** Tries an update on the document and queues it to be stored, or holds it until the document is settled. */
  private accept(held: HeldUpdate): void {
    const { origin, conn, update, empty, done } = held;
    if (this.settling) {
      this.held.push(held);
      if (!empty) this.pendingBytes += update.length;
      this.scheduleFlush();
      return;
    }
    if (conn && !conn.canWrite) {
      this.logger.warn({ doc: this.name, userId: conn.actor.id }, 'dropped update from read-only connection');
      // answered in order like any update, but not counted as stored unless it carried nothing
      this.pending.push({ origin, conn, update: null, dropped: !empty });
      this.scheduleFlush();
      return;
    }
    if (!empty) {
      const refusal = this.tryOnDocument(update, origin);
      if (refusal === NOT_APPLICABLE) {
        if (conn) {
          this.logger.warn(
            { doc: this.name, userId: conn.actor.id, reason: refusal },
            'malformed frame; closing connection',
          );
          conn.reject('malformed message');
        }
        done?.reject(new RefusedUpdateError(refusal));
        return;
      }
      if (refusal) {
        if (conn) {
          this.logger.info({ doc: this.name, userId: conn.actor.id, refusal }, 'refused update');
          conn.refuse(refusal);
        }
        done?.reject(new RefusedUpdateError(refusal));
        return;
      }
    }
    this.pending.push({ origin, conn, update: empty ? null : update, done });
    if (!empty) this.pendingBytes += update.length;
    this.scheduleFlush();
  }

  /**
   * Applies an update to the document and asks the kind's validator; returns null when
   * accepted, else NOT_APPLICABLE or the kind's reason. What a refused update left in the
   * document is removed by rebuilding it from the log (`tainted`).
   */
  private tryOnDocument(update: Uint8Array, origin: TransactionOrigin): string | null {
    const doc = this.current;
    const { pendingStructs, pendingDs } = doc.store;
    let transaction: Y.Transaction | null = null;
    try {
      Y.transact(
        doc,
        (tr) => {
          transaction = tr;
          Y.applyUpdate(doc, update, origin);
        },
        origin,
      );
    } catch {
      if (
        !transaction ||
        changedBy(transaction) ||
        doc.store.pendingStructs !== pendingStructs ||
        doc.store.pendingDs !== pendingDs
      )
        this.taint();
      return NOT_APPLICABLE;
    }
    this.fullState.invalidate();
    const refusal = this.kind.validate?.(doc, this.name, { origin, transaction: transaction! }) ?? null;
    if (refusal) this.taint();
    return refusal;
  }

  private taint(): void {
    this.tainted = true;
    this.fullState.invalidate();
    this.scheduleFlush();
  }

  /** Answers `reader` now if the document is exactly what is stored, else once it is. */
  private read(reader: Reader): void {
    if (this.failed) {
      if (reader.kind === 'visit') reader.reject(new Error(`document ${this.name} is unavailable`));
      return;
    }
    this.readers.push(reader);
    if (this.pending.length === 0 && this.inFlight.length === 0 && !this.tainted && !this.flushing) this.release();
    else this.scheduleFlush();
  }

  /**
   * The document equals what is stored (nothing accepted waits to be stored, nothing
   * refused is in it): answer whoever waits to read it, then try the updates held meanwhile.
   */
  private release(): void {
    for (const reader of this.readers.splice(0)) {
      if (reader.kind === 'visit') {
        reader.visit(this.current);
        continue;
      }
      const { conn } = reader;
      if (!this.conns.has(conn)) continue;
      let stateVector = reader.stateVector;
      if (conn.sentLoadedState && isEmptyStateVector(stateVector)) {
        // a client sent the stored state before it asked needs only what was stored after it:
        // nothing, while the document is as loaded (an answer from its state vector would carry
        // the whole delete set again, a MiB for a long-edited document)
        if (this.seq === this.loadedSeq) {
          void conn.sendState(syncMessage(syncProtocol.messageYjsSyncStep2, EMPTY_UPDATE));
          continue;
        }
        stateVector = this.loadedStateVector;
      }
      if (isEmptyStateVector(stateVector)) {
        void conn.sendState(this.fullState.get());
        continue;
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep2(encoder, this.current, stateVector);
      void conn.sendState(encoding.toUint8Array(encoder));
    }
    const held = this.held.splice(0);
    for (const h of held) if (!h.empty) this.pendingBytes -= h.update.length;
    for (const h of held) this.accept(h);
  }

  /** Runs `look` on the document when it is exactly as stored; it must not change it. */
  visit<T>(look: (doc: Y.Doc) => T): Promise<Awaited<T>> {
    return new Promise<Awaited<T>>((resolve, reject) => {
      const visit = (doc: Y.Doc) => {
        try {
          resolve(look(doc) as Awaited<T> | PromiseLike<Awaited<T>>);
        } catch (error) {
          reject(error);
        }
      };
      this.read({ kind: 'visit', visit, reject });
    });
  }

  /** The document exactly as stored, and the seq it is stored up to (e.g. for a snapshot or an export). */
  stable(): Promise<StableState> {
    return this.visit((doc) => ({
      update: Y.encodeStateAsUpdate(doc),
      seq: this.seq,
      sinceSnapshot: this.updatesSinceSnapshot,
      bytesSinceSnapshot: this.bytesSinceSnapshot,
    }));
  }

  /**
   * Changes the document from the server through the same durable path as a
   * client's update: validated, stored, then forwarded. Resolves once stored.
   */
  async transact(change: (doc: Y.Doc) => void, origin: Extract<TransactionOrigin, { kind: 'server' }>): Promise<void> {
    if (this.failed) throw new Error(`document ${this.name} is unavailable`);
    // never build on what a refused update left behind
    if (this.tainted) await this.stable();
    // on a copy of everything accepted, so the change builds on it, and the document changes only here
    const scratch = copyOf(this.current);
    const before = Y.encodeStateVector(scratch);
    Y.transact(scratch, () => change(scratch), origin);
    const update = Y.encodeStateAsUpdate(scratch, before);
    scratch.destroy();
    return new Promise<void>((resolve, reject) => {
      this.accept({ origin, conn: null, update, empty: false, done: { resolve, reject } });
    });
  }

  private scheduleFlush(): void {
    if (this.flushing || this.failed) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      if (this.hasWork) this.scheduleFlush();
    });
  }

  private get hasWork(): boolean {
    return (
      this.pending.length > 0 ||
      this.heard.length > 0 ||
      this.behind ||
      this.tainted ||
      this.readers.length > 0 ||
      this.held.length > 0
    );
  }

  /**
   * Group commit: store everything queued in one write, then apply, forward and acknowledge it.
   * Batches other nodes stored are applied first, in seq order, so this node's seq stays contiguous.
   */
  private async flush(): Promise<void> {
    while (this.hasWork && !this.failed) {
      if ((this.heard.length > 0 || this.behind) && !(await this.catchUp())) return;
      if (this.pending.length === 0) {
        if (this.tainted) {
          if (!(await this.rebuild())) return;
        } else if (this.readers.length > 0 || this.held.length > 0) this.release();
        continue;
      }
      const batch = this.pending.splice(0);
      const updates = batch.flatMap((p) => (p.update ? [p.update] : []));
      for (const u of updates) this.pendingBytes -= u.length;
      this.inFlight = updates;
      if (updates.length > 0) {
        if (!(await this.append(batch, updates))) return;
        const first = this.seq + 1;
        this.seq += updates.length;
        this.updatesSinceSnapshot += updates.length;
        this.bytesSinceSnapshot += byteLength(updates);
        this.forward(updates, soleSender(batch));
        this.onStored?.({ seq: first, updates });
        const origins = batch.filter((p) => p.update).map((p) => p.origin);
        this.afterStore.stored(origins, updates, () => this.failed);
      }
      this.inFlight = [];
      const acknowledged = new Set<CollabConnection>();
      for (const { conn, dropped, done } of batch) {
        done?.resolve();
        if (!conn) continue;
        if (!dropped) conn.stored++;
        acknowledged.add(conn);
      }
      for (const conn of acknowledged) this.sendSaved(conn);
      if (this.dueForCompaction) void this.compactInBackground();
    }
  }

  /**
   * Replaces a document that may hold part of a refused update with the stored state
   * (everything accepted before it is stored by now). Connections never received the
   * refused update, so they keep going; batches other nodes stored after this node's seq
   * are applied and forwarded as usual. False once the document failed.
   */
  private async rebuild(): Promise<boolean> {
    try {
      const stored = await withTimeout(this.store.load(this.name), this.limits.writeTimeoutMs);
      const fresh = new Y.Doc({ gc: true });
      applyStored(fresh, stored.updates, this.logger, this.name);
      const old = this.current;
      this.current = fresh;
      this.fullState = new FullStateMessage(fresh, null);
      this.headVersion = Math.max(this.headVersion, stored.headVersion);
      this.tainted = false;
      old.destroy();
      this.logger.info({ doc: this.name, seq: this.seq }, 'rebuilt document after a refused update');
      return true;
    } catch (error) {
      this.fail(error, 'could not rebuild document after a refused update; closing document');
      return false;
    }
  }

  /**
   * Stores `updates` after this node's seq. Another node may have taken that seq: then
   * this one catches up from the log and tries after it. False once the document failed.
   */
  private async append(batch: PendingUpdate[], updates: Uint8Array[]): Promise<boolean> {
    const authors = batch.flatMap((p) => (p.update ? [authorOf(p.origin)] : []));
    for (let attempt = 1; ; attempt++) {
      try {
        await withTimeout(this.store.append(this.name, this.seq + 1, updates, authors), this.limits.writeTimeoutMs);
        return true;
      } catch (error) {
        if (error instanceof SeqTakenError && attempt < SEQ_ATTEMPTS) {
          // the node that took the seq publishes it within milliseconds: hearing it is cheaper than a log read
          await this.hearUpTo(this.seq + 1, HEAR_WAIT_MS);
          if (!this.heard.some((b) => b.seq <= this.seq + 1)) this.behind = true;
          if (await this.catchUp(batch)) continue;
          return false;
        }
        this.fail(error, 'could not store update; closing document', batch);
        return false;
      }
    }
  }

  /** Batches another node stored (its relay message); applied in order at the next flush. */
  receive(batch: StoredBatch): void {
    if (this.failed) return;
    this.heard.push(batch);
    this.hearing?.();
    this.scheduleFlush();
  }

  private hearing: (() => void) | null = null;

  /** Waits until a heard batch starts at or before `seq`, at most `ms`. */
  private async hearUpTo(seq: number, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.heard.some((b) => b.seq <= seq) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.hearing = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.hearing = null;
    }
  }

  /** Messages from other nodes may have been lost: read the log after this node's seq. */
  markBehind(): void {
    if (this.failed) return;
    this.behind = true;
    this.scheduleFlush();
  }

  /** Set by the server: a batch was stored (to tell the other nodes). */
  onStored?: (batch: StoredBatch) => void;
  /** Set by the server: this node's connections changed their awareness (to tell the other nodes). */
  onPresence?: (update: Uint8Array) => void;

  /** Awareness of another node's connections (carets, names), shown to this node's connections. */
  receivePresence(update: Uint8Array): void {
    if (!this.failed) this.presence.applyPeer(update);
  }

  /**
   * Applies what other nodes stored after this node's seq: the batches heard, and the
   * log when they leave a gap. A log compacted past this node's seq is loaded whole
   * (applying known updates again changes nothing). False once the document failed.
   */
  private async catchUp(batch: PendingUpdate[] = []): Promise<boolean> {
    const heard = this.heard.splice(0).sort((a, b) => a.seq - b.seq);
    try {
      if (!this.applyPeers(heard)) this.behind = true;
      if (!this.behind) return true;
      const logged = await withTimeout(this.store.readAfter(this.name, this.seq), this.limits.writeTimeoutMs);
      if (!this.applyPeers(logged)) {
        const stored = await withTimeout(this.store.load(this.name), this.limits.writeTimeoutMs);
        this.applyPeerUpdates(stored.updates);
        this.seq = Math.max(this.seq, stored.lastSeq);
        this.updatesSinceSnapshot = stored.updatesSinceSnapshot;
        ({ snapshotBytes: this.snapshotBytes, bytesSinceSnapshot: this.bytesSinceSnapshot } = sizesOf(stored));
        this.headVersion = Math.max(this.headVersion, stored.headVersion);
      }
      this.behind = false;
      return true;
    } catch (error) {
      this.fail(error, 'could not catch up with updates stored by another node; closing document', batch);
      return false;
    }
  }

  /** Applies batches that continue this node's seq; false at the first one that leaves a gap. */
  private applyPeers(batches: StoredBatch[]): boolean {
    for (const { seq, updates } of batches) {
      if (seq > this.seq + 1) return false;
      const fresh = updates.slice(this.seq + 1 - seq);
      if (fresh.length === 0) continue;
      this.applyPeerUpdates(fresh);
      this.seq += fresh.length;
      this.updatesSinceSnapshot += fresh.length;
      this.bytesSinceSnapshot += byteLength(fresh);
    }
    return true;
  }

  private applyPeerUpdates(updates: Uint8Array[]): void {
    const doc = this.current;
    Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, u, PEER_ORIGIN)), PEER_ORIGIN);
    this.fullState.invalidate();
    this.forward(updates);
  }

  private sendSaved(conn: CollabConnection): void {
    if (!conn.wantsSaved) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SAVED);
    encoding.writeVarUint(encoder, conn.stored);
    conn.send(encoding.toUint8Array(encoder));
  }

  /**
   * A failed write leaves the log position unknown: drop everything in memory and
   * close every connection, so clients resync (they still hold their edits) with a fresh load.
   */
  private fail(error: unknown, message: string, batch: PendingUpdate[] = []): void {
    this.failed = true;
    for (const p of [...batch, ...this.pending, ...this.held]) p.done?.reject(error);
    for (const reader of this.readers) if (reader.kind === 'visit') reader.reject(error);
    this.pending = [];
    this.held = [];
    this.readers = [];
    this.pendingBytes = 0;
    this.logger.error({ err: error, doc: this.name }, message);
    for (const conn of this.conns) conn.ws.close(CLOSE_CODES.internalError, 'storage unavailable');
    this.onFailed?.();
  }

  /** Set by the registry so a failed document is unloaded at once. */
  onFailed?: () => void;

  get isFailed(): boolean {
    return this.failed;
  }

  /**
   * A snapshot is rewritten only once the log since it weighs `LOG_WEIGHT` times as much as it
   * does (or holds `REPLAY_CAP` × the threshold updates, which bounds a load's replay): each
   * byte of log then costs at most 1 / LOG_WEIGHT more in rewritten snapshot, plus what it adds
   * to the document, so a 30 MB plan is not rewritten every 500 keystrokes.
   */
  private get logOutweighsSnapshot(): boolean {
    return (
      this.bytesSinceSnapshot >= this.snapshotBytes * LOG_WEIGHT ||
      this.updatesSinceSnapshot >= this.compactAfterUpdates * REPLAY_CAP
    );
  }

  private get dueForCompaction(): boolean {
    return this.updatesSinceSnapshot >= this.compactAfterUpdates && this.logOutweighsSnapshot;
  }

  /** Edits stored while a compaction ran start the next one when it ends (not on a failure). */
  compactInBackground(): Promise<void> {
    this.compacting ??= this.compact().then((done) => {
      this.compacting = null;
      if (done && !this.failed && this.dueForCompaction) void this.compactInBackground();
    });
    return this.compacting;
  }

  /** In this document's turn, folds everything stored by then into a snapshot; false if it failed. */
  private async compact(): Promise<boolean> {
    try {
      await this.compactions.run(async () => {
        // a failed document's memory may not match its log; the next load compacts instead
        if (this.updatesSinceSnapshot === 0 || this.failed || !this.logOutweighsSnapshot) return;
        const started = Date.now();
        const {
          update: state,
          seq: upToSeq,
          sinceSnapshot: folded,
          bytesSinceSnapshot: foldedBytes,
        } = await this.stable();
        const version = await commitSnapshot(this.store, this.name, state, upToSeq, this.headVersion);
        this.headVersion = Math.max(this.headVersion, version);
        this.updatesSinceSnapshot = Math.max(0, this.updatesSinceSnapshot - folded);
        this.bytesSinceSnapshot = Math.max(0, this.bytesSinceSnapshot - foldedBytes);
        this.snapshotBytes = state.length;
        this.logger.info({ doc: this.name, upToSeq, folded, ms: Date.now() - started }, 'compacted document');
      });
    } catch (error) {
      // one past its turn may still commit; the next compaction then starts from its head
      this.logger.warn({ err: error, doc: this.name }, 'compaction failed; will retry later');
      return false;
    }
    return true;
  }

  /** Resolves once every queued update is stored and any compaction or afterStore run has finished. */
  async settle(): Promise<void> {
    while (this.flushing || this.compacting || this.afterStore.current)
      await (this.flushing ?? this.compacting ?? this.afterStore.current);
  }

  /** True while updates wait to be stored, e.g. from a server `transact` with nobody connected. */
  get busy(): boolean {
    return (
      this.pending.length > 0 || this.held.length > 0 || this.flushing !== null || this.afterStore.current !== null
    );
  }

  destroy(): void {
    this.presence.destroy();
    this.current.destroy();
  }
}

/** The connection every update of `batch` came from, or null (several, or the server's own). */
function soleSender(batch: readonly PendingUpdate[]): CollabConnection | null {
  let sender: CollabConnection | null = null;
  for (const p of batch) {
    if (!p.update) continue;
    if (!p.conn || (sender && p.conn !== sender)) return null;
    sender = p.conn;
  }
  return sender;
}

/** However light the log is beside the snapshot, this many times the threshold of updates is compacted. */
const REPLAY_CAP = 100;

/**
 * How many times its snapshot's weight the log grows to before the snapshot is rewritten.
 * Bytes written per byte of updates: the log (1, plus its records' overhead), 1 / LOG_WEIGHT
 * of snapshot rewritten, and the document's growth (~0.05 of the bytes for real typing, ~0.6
 * for single characters at random places); a load replays at most LOG_WEIGHT × the snapshot.
 */
const LOG_WEIGHT = 2;

export function byteLength(updates: readonly Uint8Array[]): number {
  let bytes = 0;
  for (const update of updates) bytes += update.length;
  return bytes;
}

/** A loaded document's snapshot size (its first update, when there is a snapshot) and log size after it. */
function sizesOf(stored: StoredDocument): { snapshotBytes: number; bytesSinceSnapshot: number } {
  const hasSnapshot = stored.updates.length > stored.updatesSinceSnapshot;
  const snapshotBytes = hasSnapshot ? stored.updates[0]!.length : 0;
  return { snapshotBytes, bytesSinceSnapshot: byteLength(stored.updates) - snapshotBytes };
}

/** The refusal of an update that cannot be integrated into the current state (a malformed frame). */
const NOT_APPLICABLE = 'does not apply to this document';

/** True when a transaction (e.g. of an update that then threw) changed the document. */
function changedBy(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
  return false;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
