import type * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { DocumentKind } from './kinds.js';
import type { TransactionOrigin } from './origins.js';

/**
 * Runs a kind's afterStore hook one run at a time per document: origins of updates
 * stored while a run is going on are batched into the next run. Errors are logged.
 */
export class AfterStoreRunner {
  private running: Promise<void> | null = null;
  private origins: TransactionOrigin[] = [];
  private updates: Uint8Array[] = [];

  constructor(
    private readonly kind: DocumentKind,
    private readonly name: string,
    /** Runs a look at the document when it is exactly as stored (the hook's synchronous part reads it). */
    private readonly visit: (look: (doc: Y.Doc) => Promise<void>) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Stored updates (`updates[i]` sent with `origins[i]`) were just applied. */
  stored(origins: TransactionOrigin[], updates: Uint8Array[], stop: () => boolean): void {
    const hook = this.kind.afterStore;
    if (!hook) return;
    this.origins.push(...origins);
    this.updates.push(...updates);
    this.running ??= (async () => {
      while (this.origins.length > 0 && !stop()) {
        try {
          // taken when the document is exactly as stored: every batch it holds is in this run
          await this.visit((doc) => {
            const batch = this.origins.splice(0);
            const batchUpdates = this.updates.splice(0);
            return batch.length > 0 ? hook.call(this.kind, this.name, doc, batch, batchUpdates) : Promise.resolve();
          });
        } catch (error) {
          // a failed document rejects the visit: nothing to report beyond its own failure
          if (!stop()) this.logger.error({ err: error, doc: this.name }, 'afterStore hook failed');
        }
      }
    })().finally(() => {
      this.running = null;
    });
  }

  /** The run going on, if any. */
  get current(): Promise<void> | null {
    return this.running;
  }
}
