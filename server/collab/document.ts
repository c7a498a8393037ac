import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from '../../shared/collab.js';
import type { Logger } from '../logger.js';
import { AfterStoreRunner } from './afterStore.js';
import { commitSnapshot, CompactionScheduler } from './compactions.js';
import { DocumentAwareness } from './awareness.js';
import type { CollabConnection } from './connection.js';
import { copyOf, MalformedMessageError, proveApplies, readOrThrow, withTimeout } from './frames.js';
import { applyStored, FullStateMessage, isEmptyStateVector } from './fullState.js';
import type { DocumentKind } from './kinds.js';
import { authorOf, PEER_ORIGIN, STORE_ORIGIN, type TransactionOrigin } from './origins.js';
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
 * A loaded document and its connections. Updates are stored before they are
 * applied or forwarded (group commit: whatever arrives during a write goes in the
 * next one), so nobody ever sees an edit that a crash could lose.
 */
export class SharedDocument {
  readonly doc = new Y.Doc({ gc: true });
  readonly conns = new Set<CollabConnection>();
  private readonly connsById = new Map<number, CollabConnection>();
  private readonly presence: DocumentAwareness;
  private seq: number;
  private updatesSinceSnapshot: number;
  private headVersion: number;
  private pending: PendingUpdate[] = [];
  private pendingBytes = 0;
  /**
   * The document as it will be once everything accepted is applied: each update is tried
   * here (and, for kinds with a validator, judged) before it is stored, so one that cannot
   * apply to the current state, or that the kind refuses, is never stored. Built when the
   * first update is tried (`tryOnShadow`), not on load: readers never need it.
   */
  private shadow: Y.Doc | null = null;
  private readonly fullState: FullStateMessage;
  /** Accepted updates being stored right now (in neither `pending` nor `doc`). */
  private inFlight: Uint8Array[] = [];
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private readonly afterStore: AfterStoreRunner;
  private failed = false;
  /** Batches other nodes stored, not yet applied; `behind`: some may have been missed. */
  private heard: StoredBatch[] = [];
  private behind = false;

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
    const applied = applyStored(this.doc, loaded.updates, logger, name);
    const whole = loaded.updates.length === 1 && applied === 1 ? loaded.updates[0]! : null;
    this.fullState = new FullStateMessage(this.doc, whole);
    this.seq = loaded.lastSeq;
    this.updatesSinceSnapshot = loaded.updatesSinceSnapshot;
    this.headVersion = loaded.headVersion;
    this.doc.on('update', (update: Uint8Array) => {
      this.fullState.invalidate();
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.broadcast(encoding.toUint8Array(encoder));
    });
    this.afterStore = new AfterStoreRunner(kind, name, this.doc, logger);
    this.presence = new DocumentAwareness(
      this.doc,
      (id) => this.connsById.get(id),
      (message) => this.broadcast(message),
      (update) => this.onPresence?.(update),
    );
  }

  get awareness() {
    return this.presence.awareness;
  }

  /** Encoded once, the same buffer goes to every receiver. */
  private broadcast(message: Uint8Array): void {
    for (const conn of this.conns) conn.send(message);
  }

  /** Greets a new connection: our state vector and everyone's awareness. */
  addConnection(conn: CollabConnection): void {
    this.conns.add(conn);
    this.connsById.set(conn.id, conn);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
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
      if (isEmptyStateVector(stateVector)) return conn.send(this.fullState.get());
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      try {
        syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
      } catch {
        throw new MalformedMessageError('malformed state vector');
      }
      conn.send(encoding.toUint8Array(encoder));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new MalformedMessageError(`unknown sync message ${syncType}`);
    }
    const update = readOrThrow(() => decoding.readVarUint8Array(decoder));
    let empty: boolean;
    try {
      const decoded = Y.decodeUpdate(update);
      empty = decoded.structs.length === 0 && decoded.ds.clients.size === 0;
      if (!empty) proveApplies(update);
    } catch {
      throw new MalformedMessageError('malformed Yjs update');
    }
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
    if (!empty && conn.canWrite) {
      const refusal = this.tryOnShadow(update);
      if (refusal === NOT_APPLICABLE) throw new MalformedMessageError('update does not apply to this document');
      if (refusal) {
        this.logger.info({ doc: this.name, userId: conn.actor.id, refusal }, 'refused update');
        conn.refuse(refusal);
        return;
      }
    }
    conn.received++;
    if (!conn.canWrite) {
      this.logger.warn({ doc: this.name, userId: conn.actor.id }, 'dropped update from read-only connection');
      // answered in order like any update, but not counted as stored unless it carried nothing
      this.pending.push({ origin: conn.origin, conn, update: null, dropped: !empty });
    } else {
      this.pending.push({ origin: conn.origin, conn, update: empty ? null : update });
      if (!empty) this.pendingBytes += update.length;
    }
    this.scheduleFlush();
  }

  /**
   * Applies an update to the shadow and asks the kind's validator; returns null when
   * accepted, else NOT_APPLICABLE or the kind's reason. A refused update may be half
   * integrated, so the shadow is dropped, to be rebuilt from what is applied, being
   * stored, or queued when the next update is tried.
   */
  private tryOnShadow(update: Uint8Array): string | null {
    this.shadow ??= this.withAccepted();
    let refusal: string | null;
    try {
      Y.applyUpdate(this.shadow, update);
      refusal = this.kind.validate?.(this.shadow, this.name) ?? null;
    } catch {
      refusal = NOT_APPLICABLE;
    }
    if (refusal) {
      this.shadow.destroy();
      this.shadow = null;
    }
    return refusal;
  }

  /** A copy of the document with everything accepted (being stored or queued) applied. */
  private withAccepted(): Y.Doc {
    const copy = copyOf(this.doc);
    for (const u of this.inFlight) Y.applyUpdate(copy, u);
    for (const p of this.pending) if (p.update) Y.applyUpdate(copy, p.update);
    return copy;
  }

  /**
   * Changes the document from the server through the same durable path as a
   * client's update: validated, stored, then applied and broadcast. Resolves once stored.
   */
  transact(change: (doc: Y.Doc) => void, origin: Extract<TransactionOrigin, { kind: 'server' }>): Promise<void> {
    if (this.failed) return Promise.reject(new Error(`document ${this.name} is unavailable`));
    const scratch = this.withAccepted();
    const before = Y.encodeStateVector(scratch);
    Y.transact(scratch, () => change(scratch), origin);
    const update = Y.encodeStateAsUpdate(scratch, before);
    scratch.destroy();
    const refusal = this.tryOnShadow(update);
    if (refusal) return Promise.reject(new RefusedUpdateError(refusal));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ origin, conn: null, update, done: { resolve, reject } });
      this.pendingBytes += update.length;
      this.scheduleFlush();
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
    return this.pending.length > 0 || this.heard.length > 0 || this.behind;
  }

  /**
   * Group commit: store everything queued in one write, then apply, forward and acknowledge it.
   * Batches other nodes stored are applied first, in seq order, so this node's seq stays contiguous.
   */
  private async flush(): Promise<void> {
    while (this.hasWork && !this.failed) {
      if ((this.heard.length > 0 || this.behind) && !(await this.catchUp())) return;
      if (this.pending.length === 0) continue;
      const batch = this.pending.splice(0);
      this.pendingBytes = 0;
      const updates = batch.flatMap((p) => (p.update ? [p.update] : []));
      this.inFlight = updates;
      if (updates.length > 0) {
        if (!(await this.append(batch, updates))) return;
        const first = this.seq + 1;
        this.seq += updates.length;
        this.updatesSinceSnapshot += updates.length;
        try {
          // one transaction: one 'update' event, so the batch is forwarded as one message
          Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u, STORE_ORIGIN)), STORE_ORIGIN);
        } catch (error) {
          // valid alone but not against this state: memory no longer matches the log, so reload from it
          this.fail(error, 'could not apply a stored update; closing document', batch);
          return;
        }
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
      if (this.updatesSinceSnapshot >= this.compactAfterUpdates) void this.compactInBackground();
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
    }
    return true;
  }

  private applyPeerUpdates(updates: Uint8Array[]): void {
    Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u, PEER_ORIGIN)), PEER_ORIGIN);
    // the shadow holds the document plus what is accepted here: it takes the same updates
    for (const u of updates) if (this.shadow) Y.applyUpdate(this.shadow, u);
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
    for (const p of [...batch, ...this.pending]) p.done?.reject(error);
    this.pending = [];
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

  /** Edits stored while a compaction ran start the next one when it ends (not on a failure). */
  compactInBackground(): Promise<void> {
    this.compacting ??= this.compact().then((done) => {
      this.compacting = null;
      if (done && !this.failed && this.updatesSinceSnapshot >= this.compactAfterUpdates)
        void this.compactInBackground();
    });
    return this.compacting;
  }

  /** In this document's turn, folds everything stored by then into a snapshot; false if it failed. */
  private async compact(): Promise<boolean> {
    try {
      await this.compactions.run(async () => {
        const upToSeq = this.seq;
        const folded = this.updatesSinceSnapshot;
        // a failed document's memory may not match its log; the next load compacts instead
        if (folded === 0 || this.failed) return;
        const started = Date.now();
        const state = Y.encodeStateAsUpdate(this.doc);
        const version = await commitSnapshot(this.store, this.name, state, upToSeq, this.headVersion);
        this.headVersion = Math.max(this.headVersion, version);
        this.updatesSinceSnapshot = Math.max(0, this.updatesSinceSnapshot - folded);
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
    return this.pending.length > 0 || this.flushing !== null || this.afterStore.current !== null;
  }

  destroy(): void {
    this.presence.destroy();
    this.doc.destroy();
    this.shadow?.destroy();
  }
}

/** The refusal of an update that cannot be integrated into the current state (a malformed frame). */
const NOT_APPLICABLE = 'does not apply to this document';
