import { fdatasync, fdatasyncSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * How long syncs on the event loop may hold it up (ms) over about the last second (a sum that
 * halves every second) before the next ones move to libuv's pool: a tenth of the loop. Syncs of
 * ~0.15 ms, a hundred a second, sum to ~20; one outlier of a few ms (this machine's disk has
 * about one over 2 ms in 2,500) changes nothing; a disk that takes 1 ms per sync at that rate does.
 */
export const INLINE_BUDGET_MS = 100;
const HALF_LIFE_MS = 1000;
/** Syncs come back from the pool once, run on the loop, they would have held it up under half the budget… */
const RETURN_BELOW_MS = INLINE_BUDGET_MS / 2;
/** …and no sooner than this long after they left it (ms), so a disk that wavers moves them rarely. */
const MIN_POOL_MS = 10_000;

export interface DataSyncOptions {
  /** Called when the syncs move between the event loop and the pool, with the time syncs took over about the last second (ms). */
  onMove?(where: 'inline' | 'pool', recentMs: number): void;
  /** The file system's calls (tests slow them down). */
  fs?: { fdatasyncSync(fd: number): void; fdatasync(fd: number, done: (error: Error | null) => void): void };
  now?: () => number;
}

/**
 * Where the journal's fdatasync runs. On the event loop it costs least: measured on this project's
 * 2-core machine, 54 µs of CPU per sync against 93 µs in libuv's pool, whose hand-offs between
 * threads sharing a busy core cost more than the sync itself (in a profile of the server at
 * 200 participants the pool's syncs took ~195 µs of the main thread's core each). But while the
 * disk answers, nothing else on the loop runs: reads, other rooms' broadcasts, HTTP. So once the
 * syncs take more than `INLINE_BUDGET_MS` of about the last second, the next ones run in the
 * pool, where they wait without holding the loop up, until the disk is fast again.
 */
export class DataSync {
  private where: 'inline' | 'pool' = 'inline';
  private movedAt = 0;
  /** The syncs' durations (ms), each halved every `HALF_LIFE_MS` since it was added. */
  private recent = 0;
  private recentAt = 0;
  private readonly fs: NonNullable<DataSyncOptions['fs']>;
  private readonly now: () => number;

  constructor(private readonly options: DataSyncOptions = {}) {
    this.fs = options.fs ?? { fdatasync, fdatasyncSync };
    this.now = options.now ?? (() => performance.now());
  }

  /** Whether the next sync should run on the event loop (`syncInline`) or in the pool (`syncInPool`). */
  get inline(): boolean {
    return this.where === 'inline';
  }

  /** Syncs `fds` now, on the event loop; throws what the file system threw. */
  syncInline(fds: readonly number[]): void {
    const start = this.now();
    for (const fd of fds) this.fs.fdatasyncSync(fd);
    if (this.took(start) > INLINE_BUDGET_MS) this.move('pool');
  }

  /** Syncs `fds` in libuv's pool; rejects with what the file system reported. */
  async syncInPool(fds: readonly number[]): Promise<void> {
    const start = this.now();
    await Promise.all(
      fds.map(
        (fd) => new Promise<void>((resolve, reject) => this.fs.fdatasync(fd, (e) => (e ? reject(e) : resolve()))),
      ),
    );
    const recent = this.took(start);
    if (this.where === 'pool' && recent < RETURN_BELOW_MS && this.now() - this.movedAt >= MIN_POOL_MS)
      this.move('inline');
  }

  /** Adds a sync that started at `start` to the recent sum; returns the sum. */
  private took(start: number): number {
    const now = this.now();
    this.recent = this.recent * 2 ** (-(now - this.recentAt) / HALF_LIFE_MS) + (now - start);
    this.recentAt = now;
    return this.recent;
  }

  private move(where: 'inline' | 'pool'): void {
    this.where = where;
    this.movedAt = this.now();
    this.options.onMove?.(where, this.recent);
  }
}
