import type { StoredBatch } from './store.js';

/**
 * How the nodes serving one document hear each other's stored updates (the cluster
 * seam of the sync server). A node publishes a batch only after the database has
 * stored it, so whatever a node forwards is durable, as on a single node. Delivery
 * may lose or repeat messages: the sequence numbers tell a node what it missed, and
 * it reads that from the log (`DocumentStore.readAfter`).
 */
export interface DocumentRelay {
  /** Tells the other nodes that follow `name` about a batch just stored. */
  publish(name: string, batch: StoredBatch): void;
  /** Tells them about an awareness change of this node's connections (carets, names): not stored, may be lost. */
  publishAwareness(name: string, update: Uint8Array): void;
  /**
   * Hears what other nodes send for `name` until the returned function is called;
   * resolves once hearing (so a read of the log after it misses nothing).
   */
  follow(name: string, listener: RelayListener): Promise<() => void>;
  /** `listener` runs when messages may have been missed (the link came back); returns a remover. */
  onGap(listener: () => void): () => void;
}

export interface RelayListener {
  batch(batch: StoredBatch): void;
  awareness(update: Uint8Array): void;
}

/** One node: nobody else stores updates, so there is nothing to hear. */
export const singleNode: DocumentRelay = {
  publish: () => undefined,
  publishAwareness: () => undefined,
  follow: async () => () => undefined,
  onGap: () => () => undefined,
};
