import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from '../../shared/collab.js';
import type { Logger } from '../logger.js';
import { stampAwarenessUpdate } from './awarenessStamp.js';
import type { CollabConnection } from './connection.js';
import { copyOf, MalformedMessageError, proveApplies, readOrThrow } from './frames.js';
import type { DocumentKind } from './kinds.js';
import { LOAD_ORIGIN, STORE_ORIGIN, isClientOrigin, type TransactionOrigin } from './origins.js';
import type { DocumentStore, StoredDocument } from './store.js';

export { MalformedMessageError };

const MESSAGE_QUERY_AWARENESS = 3;

interface PendingUpdate {
  origin: TransactionOrigin;
  /** The connection to acknowledge, for client updates. */
  conn: CollabConnection | null;
  /** null for an update that carried nothing new or was dropped (still acknowledged in order). */
  update: Uint8Array | null;
  /** Settles a server `transact` once its update is stored and applied. */
  done?: { resolve(): void; reject(error: unknown): void };
}

/** An update the document's kind refused (e.g. over a cap, or the plan is adopted). */
export class RefusedUpdateError extends Error {}

/**
 * A loaded document and its connections. Updates are stored before they are
 * applied or forwarded (group commit: whatever arrives during a write goes in the
 * next one), so nobody ever sees an edit that a crash could lose.
 */
export class SharedDocument {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Set<CollabConnection>();
  private readonly connsById = new Map<number, CollabConnection>();
  /** Which connection announced each awareness client id; others may not speak for it. */
  private readonly awarenessOwners = new Map<number, CollabConnection>();
  private seq: number;
  private updatesSinceSnapshot: number;
  private pending: PendingUpdate[] = [];
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private failed = false;
  private headVersion: number;
  /**
   * For kinds with a validator: the live state plus every accepted pending update,
   * where each new update is tried first. Dropped (and rebuilt when needed) after a refusal.
   */
  private candidate: Y.Doc | null = null;
  private afterStoreRunning: Promise<void> | null = null;
  private afterStoreOrigins: TransactionOrigin[] = [];

  constructor(
    readonly name: string,
    private readonly kind: DocumentKind,
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly compactAfterUpdates: number,
    loaded: StoredDocument,
  ) {
    this.awareness.setLocalState(null);
    for (const update of loaded.updates) {
      try {
        Y.applyUpdate(this.doc, update, LOAD_ORIGIN);
      } catch (error) {
        // one bad log entry must not make the document unloadable; the next compaction drops it
        this.logger.error({ err: error, doc: name }, 'skipped a stored update that cannot be applied');
      }
    }
    this.headVersion = loaded.headVersion;
    this.seq = loaded.lastSeq;
    this.updatesSinceSnapshot = loaded.updatesSinceSnapshot;
    this.doc.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.broadcast(encoding.toUint8Array(encoder));
    });
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = added.concat(updated, removed);
    const conn = isClientOrigin(origin) ? this.connsById.get(origin.connectionId) : undefined;
    if (conn) {
      for (const id of added) {
        conn.awarenessIds.add(id);
        this.awarenessOwners.set(id, conn);
      }
      for (const id of removed) {
        conn.awarenessIds.delete(id);
        this.awarenessOwners.delete(id);
      }
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    this.broadcast(encoding.toUint8Array(encoder));
  };

  /** Encoded once, the same buffer goes to every receiver. */
  private broadcast(message: Uint8Array): void {
    for (const conn of this.conns) conn.send(message);
  }

  /** Greets a new connection: our state vector, everyone's awareness, and a saved marker. */
  addConnection(conn: CollabConnection): void {
    this.conns.add(conn);
    this.connsById.set(conn.id, conn);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    conn.send(encoding.toUint8Array(encoder));
    const states = this.awareness.getStates();
    if (states.size > 0) conn.send(this.encodeAwareness([...states.keys()]));
  }

  removeConnection(conn: CollabConnection): void {
    if (!this.conns.delete(conn)) return;
    this.connsById.delete(conn.id);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
    for (const id of conn.awarenessIds) this.awarenessOwners.delete(id);
  }

  private encodeAwareness(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
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
      case MESSAGE_AWARENESS: {
        const update = readOrThrow(() => decoding.readVarUint8Array(decoder));
        try {
          const stamped = stampAwarenessUpdate(update, conn, (id) => this.awarenessOwners.get(id));
          awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped, conn.origin);
        } catch {
          throw new MalformedMessageError('malformed awareness update');
        }
        return;
      }
      case MESSAGE_QUERY_AWARENESS:
        conn.send(this.encodeAwareness([...this.awareness.getStates().keys()]));
        return;
      default:
        throw new MalformedMessageError(`unknown message type ${messageType}`);
    }
  }

  private handleSync(conn: CollabConnection, decoder: decoding.Decoder): void {
    const syncType = readOrThrow(() => decoding.readVarUint(decoder));
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = readOrThrow(() => decoding.readVarUint8Array(decoder));
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
    conn.received++;
    if (!conn.canWrite) {
      this.logger.warn({ doc: this.name, userId: conn.actor.id }, 'dropped update from read-only connection');
      this.pending.push({ origin: conn.origin, conn, update: null });
    } else if (!empty && this.kind.validate) {
      const refusal = this.tryOnCandidate(update);
      if (refusal) {
        this.logger.info({ doc: this.name, userId: conn.actor.id, refusal }, 'refused update');
        conn.refuse(refusal);
        return;
      }
      this.pending.push({ origin: conn.origin, conn, update });
    } else {
      this.pending.push({ origin: conn.origin, conn, update: empty ? null : update });
    }
    this.scheduleFlush();
  }

  /** A copy of the document with every accepted, not yet stored update applied. */
  private withPending(): Y.Doc {
    const copy = copyOf(this.doc);
    for (const p of this.pending) if (p.update) Y.applyUpdate(copy, p.update);
    return copy;
  }

  /** Applies an update to the candidate state and asks the kind; returns a refusal reason or null. */
  private tryOnCandidate(update: Uint8Array): string | null {
    this.candidate ??= this.withPending();
    Y.applyUpdate(this.candidate, update);
    const refusal = this.kind.validate!(this.candidate, this.name);
    if (refusal) {
      // the candidate now holds the refused update: rebuild it from the accepted state next time
      this.candidate.destroy();
      this.candidate = null;
    }
    return refusal;
  }

  /**
   * Changes the document from the server through the same durable path as a
   * client's update: validated, stored, then applied and broadcast. Resolves once stored.
   */
  transact(change: (doc: Y.Doc) => void, origin: Extract<TransactionOrigin, { kind: 'server' }>): Promise<void> {
    if (this.failed) return Promise.reject(new Error(`document ${this.name} is unavailable`));
    const scratch = this.withPending();
    const before = Y.encodeStateVector(scratch);
    Y.transact(scratch, () => change(scratch), origin);
    const update = Y.encodeStateAsUpdate(scratch, before);
    scratch.destroy();
    if (this.kind.validate) {
      const refusal = this.tryOnCandidate(update);
      if (refusal) return Promise.reject(new RefusedUpdateError(refusal));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ origin, conn: null, update, done: { resolve, reject } });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushing || this.failed) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.scheduleFlush();
    });
  }

  /** Group commit: store everything queued in one write, then apply, forward and acknowledge it. */
  private async flush(): Promise<void> {
    while (this.pending.length > 0 && !this.failed) {
      const batch = this.pending.splice(0);
      const updates = batch.flatMap((p) => (p.update ? [p.update] : []));
      if (updates.length > 0) {
        try {
          await this.store.append(this.name, this.seq + 1, updates);
        } catch (error) {
          this.fail(error, 'could not store update; closing document', batch);
          return;
        }
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
        this.runAfterStore(batch.filter((p) => p.update).map((p) => p.origin));
      }
      const acknowledged = new Set<CollabConnection>();
      for (const { conn, done } of batch) {
        done?.resolve();
        if (!conn) continue;
        conn.stored++;
        acknowledged.add(conn);
      }
      for (const conn of acknowledged) this.sendSaved(conn);
      if (this.updatesSinceSnapshot >= this.compactAfterUpdates) void this.compactInBackground();
    }
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
    this.candidate?.destroy();
    this.candidate = null;
    this.logger.error({ err: error, doc: this.name }, message);
    for (const conn of this.conns) conn.ws.close(CLOSE_CODES.internalError, 'storage unavailable');
    this.onFailed?.();
  }

  /** The kind's afterStore hook, one run at a time per document; origins of updates stored meanwhile are batched. */
  private runAfterStore(origins: TransactionOrigin[]): void {
    if (!this.kind.afterStore) return;
    this.afterStoreOrigins.push(...origins);
    if (this.afterStoreRunning) return;
    this.afterStoreRunning = (async () => {
      while (this.afterStoreOrigins.length > 0 && !this.failed) {
        const batch = this.afterStoreOrigins.splice(0);
        try {
          await this.kind.afterStore!(this.name, this.doc, batch);
        } catch (error) {
          this.logger.error({ err: error, doc: this.name }, 'afterStore hook failed');
        }
      }
    })().finally(() => {
      this.afterStoreRunning = null;
    });
  }

  /** Set by the registry so a failed document is unloaded at once. */
  onFailed?: () => void;

  get isFailed(): boolean {
    return this.failed;
  }

  compactInBackground(): Promise<void> {
    this.compacting ??= this.compact().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  private async compact(): Promise<void> {
    const upToSeq = this.seq;
    const folded = this.updatesSinceSnapshot;
    // a failed document's memory may not match its log; the next load compacts instead
    if (folded === 0 || this.failed) return;
    const started = Date.now();
    try {
      this.headVersion = await this.store.compact(
        this.name,
        Y.encodeStateAsUpdate(this.doc),
        upToSeq,
        this.headVersion,
      );
      this.updatesSinceSnapshot -= folded;
      this.logger.info({ doc: this.name, upToSeq, folded, ms: Date.now() - started }, 'compacted document');
    } catch (error) {
      this.logger.warn({ err: error, doc: this.name }, 'compaction failed; will retry later');
    }
  }

  /** Resolves once every queued update is stored and any compaction has finished. */
  async settle(): Promise<void> {
    while (this.flushing || this.compacting || this.afterStoreRunning)
      await (this.flushing ?? this.compacting ?? this.afterStoreRunning);
  }

  /** True while updates wait to be stored, e.g. from a server `transact` with nobody connected. */
  get busy(): boolean {
    return this.pending.length > 0 || this.flushing !== null || this.afterStoreRunning !== null;
  }

  destroy(): void {
    this.candidate?.destroy();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
