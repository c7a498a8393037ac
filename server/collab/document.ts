import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_SAVED, MESSAGE_SYNC } from '../../shared/collab.js';
import type { Logger } from '../logger.js';
import { stampAwarenessUpdate } from './awarenessStamp.js';
import type { CollabConnection } from './connection.js';
import type { DocumentStore } from './store.js';

const MESSAGE_QUERY_AWARENESS = 3;

interface PendingUpdate {
  conn: CollabConnection;
  /** null for an update that carried nothing new (still acknowledged in order). */
  update: Uint8Array | null;
  /** A reader's update with content: handled, never stored, so not reported as saved. */
  dropped?: boolean;
}

export class MalformedMessageError extends Error {}

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
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Set<CollabConnection>();
  /** Which connection announced each awareness client id; others may not speak for it. */
  private readonly awarenessOwners = new Map<number, CollabConnection>();
  private seq: number;
  private updatesSinceSnapshot: number;
  private pending: PendingUpdate[] = [];
  private pendingBytes = 0;
  /**
   * The document as it will be once everything accepted is applied: each update is tried
   * here before it is stored, so one that cannot apply to the current state is refused
   * (and never stored, to fail again on every load).
   */
  private shadow = new Y.Doc({ gc: true });
  /** Accepted updates being stored right now (in neither `pending` nor `doc`). */
  private inFlight: Uint8Array[] = [];
  private flushing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private failed = false;

  constructor(
    readonly name: string,
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly compactAfterUpdates: number,
    loaded: { updates: Uint8Array[]; lastSeq: number; updatesSinceSnapshot: number },
    private readonly limits: DocumentLimits = DEFAULT_LIMITS,
  ) {
    this.awareness.setLocalState(null);
    for (const update of loaded.updates) {
      try {
        Y.applyUpdate(this.doc, update);
      } catch (error) {
        // one bad log entry must not make the document unloadable; the next compaction drops it
        this.logger.error({ err: error, doc: name }, 'skipped a stored update that cannot be applied');
      }
    }
    Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(this.doc));
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
    if (origin && typeof origin === 'object' && 'awarenessIds' in origin) {
      // a provider that reconnects comes back as "updated", not "added": either way it is theirs now
      const conn = origin as CollabConnection;
      for (const id of added.concat(updated)) {
        conn.awarenessIds.add(id);
        this.awarenessOwners.set(id, conn);
      }
    }
    // every removal path (the owner, its connection closing, the awareness timeout) frees the id
    for (const id of removed) {
      this.awarenessOwners.get(id)?.awarenessIds.delete(id);
      this.awarenessOwners.delete(id);
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
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    conn.send(encoding.toUint8Array(encoder));
    const states = this.awareness.getStates();
    if (states.size > 0) conn.send(this.encodeAwareness([...states.keys()]));
  }

  removeConnection(conn: CollabConnection): void {
    if (!this.conns.delete(conn)) return;
    const ids = [...conn.awarenessIds];
    awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
    for (const id of ids) if (this.awarenessOwners.get(id) === conn) this.awarenessOwners.delete(id);
    conn.awarenessIds.clear();
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
          const stamped = stampAwarenessUpdate(
            update,
            conn,
            (id) => this.awarenessOwners.get(id),
            (id) => this.awareness.meta.get(id)?.clock,
          );
          awarenessProtocol.applyAwarenessUpdate(this.awareness, stamped, conn);
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
    if (!empty && conn.canWrite && !this.appliesToCurrentState(update)) {
      throw new MalformedMessageError('update does not apply to this document');
    }
    conn.received++;
    if (!conn.canWrite) {
      this.logger.warn({ doc: this.name, userId: conn.actor.id }, 'dropped update from read-only connection');
      // answered in order like any update, but not counted as stored unless it carried nothing
      this.pending.push({ conn, update: null, dropped: !empty });
    } else {
      this.pending.push({ conn, update: empty ? null : update });
      if (!empty) this.pendingBytes += update.length;
    }
    this.scheduleFlush();
  }

  private appliesToCurrentState(update: Uint8Array): boolean {
    try {
      Y.applyUpdate(this.shadow, update);
      return true;
    } catch {
      // the failed update may be half integrated: rebuild from what is applied, stored, or queued
      this.shadow.destroy();
      this.shadow = new Y.Doc({ gc: true });
      Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(this.doc));
      for (const u of this.inFlight) Y.applyUpdate(this.shadow, u);
      for (const p of this.pending) if (p.update) Y.applyUpdate(this.shadow, p.update);
      return false;
    }
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
      this.pendingBytes = 0;
      const updates = batch.flatMap((p) => (p.update ? [p.update] : []));
      this.inFlight = updates;
      if (updates.length > 0) {
        try {
          await withTimeout(this.store.append(this.name, this.seq + 1, updates), this.limits.writeTimeoutMs);
        } catch (error) {
          this.fail(error);
          return;
        }
        this.seq += updates.length;
        this.updatesSinceSnapshot += updates.length;
        try {
          // one transaction: one 'update' event, so the batch is forwarded as one message
          Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u, 'store')), 'store');
        } catch (error) {
          // valid alone but not against this state: memory no longer matches the log, so reload from it
          this.fail(error, 'could not apply a stored update; closing document');
          return;
        }
      }
      this.inFlight = [];
      for (const { conn, dropped } of batch) if (!dropped) conn.stored++;
      for (const conn of new Set(batch.map((p) => p.conn))) this.sendSaved(conn);
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
  private fail(error: unknown, message = 'could not store update; closing document'): void {
    this.failed = true;
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
      await this.store.compact(this.name, Y.encodeStateAsUpdate(this.doc), upToSeq);
      this.updatesSinceSnapshot -= folded;
      this.logger.info({ doc: this.name, upToSeq, folded, ms: Date.now() - started }, 'compacted document');
    } catch (error) {
      this.logger.warn({ err: error, doc: this.name }, 'compaction failed; will retry later');
    }
  }

  /** Resolves once every queued update is stored and any compaction has finished. */
  async settle(): Promise<void> {
    while (this.flushing || this.compacting) await (this.flushing ?? this.compacting);
  }

  destroy(): void {
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
    this.shadow.destroy();
  }
}

/**
 * Decoding alone accepts some updates that cannot be integrated (e.g. an item
 * whose origin points into its own missing range), so each update is applied to
 * an empty scratch document before it is stored; it throws when it cannot be.
 * One scratch document per update keeps this linear: a shared one would park
 * every update with missing dependencies as pending and re-merge them all each time.
 */
function proveApplies(update: Uint8Array): void {
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, update);
  } finally {
    scratch.destroy();
  }
}

function readOrThrow<T>(read: () => T): T {
  try {
    return read();
  } catch {
    throw new MalformedMessageError('truncated message');
  }
}

/** Rejects when `promise` takes longer than `ms` (the operation itself may still finish later). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database write took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
