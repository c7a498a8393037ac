import pLimit, { type LimitFunction } from 'p-limit';
import { withTimeout } from './frames.js';
import { StaleCompactionError, type DocumentStore } from './store.js';

/**
 * Compactions of all of a server's documents take turns. Each writes a snapshot and
 * deletes log records; on a database with one writer at a time (SQLite under the
 * embedded FerretDB), fifty at once — documents edited at the same pace reach the
 * threshold together — made the log appends editors wait on time out. A turn ends
 * when the compaction does or after `timeoutMs`, whichever is first: a database
 * that never answers delays compactions, it does not stop them or anyone waiting.
 */
export class CompactionScheduler {
  private readonly limit: LimitFunction;

  constructor(
    concurrency: number,
    readonly timeoutMs: number,
  ) {
    this.limit = pLimit(concurrency);
  }

  /** Runs `compaction` in its turn; rejects if it has not finished `timeoutMs` after it started. */
  run<T>(compaction: () => Promise<T>): Promise<T> {
    return this.limit(() => withTimeout(compaction(), this.timeoutMs, 'compaction'));
  }

  /** Compactions waiting for their turn. */
  get waiting(): number {
    return this.limit.pendingCount;
  }
}

/** Compactions that lose the race to a head they may build on try again, this many times in all. */
const STALE_ATTEMPTS = 3;

/**
 * Stores `state` as the snapshot of everything up to `upToSeq`, over head version `base`;
 * resolves with the new version. A head this instance never read (a late compaction of an
 * earlier instance, or one of ours that ran past its turn) is built on when it folds
 * nothing `state` lacks.
 */
export async function commitSnapshot(
  store: DocumentStore,
  name: string,
  state: Uint8Array,
  upToSeq: number,
  base: number,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.compact(name, state, upToSeq, base);
    } catch (error) {
      const current = error instanceof StaleCompactionError ? error.current : null;
      if (!current || current.upToSeq > upToSeq || attempt === STALE_ATTEMPTS) throw error;
      base = current.version;
    }
  }
}
