import pLimit, { type LimitFunction } from 'p-limit';
import { withTimeout } from './frames.js';

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
