import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/collab.js';
import type { Logger } from '../logger.js';
import { LOAD_ORIGIN } from './origins.js';

/**
 * Applies a document's stored history in one transaction (its cleanup runs once,
 * not per stored update). Returns how many updates applied; a bad one is skipped
 * and logged, so one bad log entry never makes the document unloadable.
 */
export function applyStored(doc: Y.Doc, updates: readonly Uint8Array[], logger: Logger, name: string): number {
  let applied = 0;
  Y.transact(
    doc,
    () => {
      for (const update of updates) {
        try {
          Y.applyUpdate(doc, update, LOAD_ORIGIN);
          applied++;
        } catch (error) {
          // the next compaction drops it
          logger.error({ err: error, doc: name }, 'skipped a stored update that cannot be applied');
        }
      }
    },
    LOAD_ORIGIN,
  );
  return applied;
}

/**
 * Sync step 2 with the whole document, for clients that have nothing yet (an empty
 * state vector): encoded once and sent to every such client until the document
 * changes. Right after a load from one snapshot it is that snapshot, not re-encoded.
 */
export class FullStateMessage {
  private message: Uint8Array | null = null;

  constructor(
    private readonly doc: Y.Doc,
    /** The stored state the document was loaded from, when it is the whole state as one update. */
    private stored: Uint8Array | null,
  ) {}

  /** The document changed: the next client gets a fresh encoding. */
  invalidate(): void {
    this.message = null;
    this.stored = null;
  }

  get(): Uint8Array {
    if (!this.message) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, this.stored ?? Y.encodeStateAsUpdate(this.doc));
      this.message = encoding.toUint8Array(encoder);
      this.stored = null;
    }
    return this.message;
  }
}

/** The state vector of a client that has nothing (`Y.encodeStateVector` of an empty document). */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}
