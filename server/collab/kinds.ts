import type * as Y from 'yjs';
import { notFound } from '../errors.js';
import type { Actor } from '../policy/policy.js';
import type { TransactionOrigin } from './origins.js';

/** What a person may do with one document, decided by its kind through the one policy. */
export interface DocumentAccess {
  /** False for readers: their updates are dropped (and counted as refused, not saved). */
  canWrite: boolean;
  /** Ids whose access changes concern this connection (the room, its group, its region …). */
  resourceIds: string[];
}

/**
 * A kind of co-edited document (`room-…`, `plan-…`, `notes-…`). The domain that
 * owns it registers how access is decided, optionally what a valid state is, and
 * what to do once updates are stored (e.g. project a plan into MongoDB).
 */
export interface DocumentKind {
  /** The name prefix before the first `-`: `room` for `room-4f1c…`. */
  readonly prefix: string;
  /** Throws (404/403 AppError) when the actor may not open the document. */
  authorize(actor: Actor, documentName: string): Promise<DocumentAccess>;
  /**
   * Checks the state an update produced; returns a reason to refuse it, or null. Runs
   * right after the update is applied (`context.transaction`, with what it changed) and
   * before it is stored: a refused update is never stored or forwarded, and the document
   * is rebuilt without it.
   */
  validate?(doc: Y.Doc, documentName: string, context: UpdateContext): string | null;
  /**
   * Called after updates are stored, serialized per document; errors are logged. `doc`
   * holds them, and may already hold updates accepted after them, not yet stored.
   * `updates[i]` was sent with `origins[i]` (who changed what, e.g. for a plan's history).
   */
  afterStore?(
    documentName: string,
    doc: Y.Doc,
    origins: readonly TransactionOrigin[],
    updates: readonly Uint8Array[],
  ): Promise<void>;
}

/** The update a validator judges: who sent it, and its transaction on the document. */
export interface UpdateContext {
  origin: TransactionOrigin;
  transaction: Y.Transaction;
}

/** The kinds the sync server knows, by prefix. */
export class DocumentKinds {
  private readonly kinds = new Map<string, DocumentKind>();

  register(kind: DocumentKind): void {
    if (!/^[a-z]+$/.test(kind.prefix))
      throw new Error(`document kind prefix must be lowercase letters: ${kind.prefix}`);
    if (this.kinds.has(kind.prefix)) throw new Error(`document kind ${kind.prefix} is registered twice`);
    this.kinds.set(kind.prefix, kind);
  }

  /** The kind a document name carries; 404 for a name of no known kind. */
  of(documentName: string): DocumentKind {
    const kind = this.kinds.get(documentName.slice(0, documentName.indexOf('-')));
    if (!kind) throw notFound('Document');
    return kind;
  }

  get prefixes(): string[] {
    return [...this.kinds.keys()];
  }
}
