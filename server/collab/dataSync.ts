import { fdatasync, fdatasyncSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** A sync that took longer than this (ms) on the event loop sends the next ones to libuv's pool. */
export const INLINE_SYNC_MAX_MS = 2;
/** Syncs in the pool come back to the event loop after this many in a row within the limit… */
const FAST_SYNCS_TO_RETURN = 20;
/** …and no sooner than this long after they left it (ms), so a disk that wavers moves them rarely. */
const MIN_POOL_MS = 10_000;

export interface DataSyncOptions {
  /** Called when the syncs move between the event loop and the pool, with the sync that decided it. */
  onMove?(where: 'inline' | 'pool', ms: number): void;
  /** The file system's calls (tests slow them down). */
  fs?: { fdatasyncSync(fd: number): void; fdatasync(fd: number, done: (error: Error | null) => void): void };
  now?: () => number;
}

/**
 * Where the journal's fdatasync runs. On the event loop it costs least: measured on this project's
 * 2-core machine, 54 µs of CPU per sync against 93 µs in libuv's pool, whose hand-offs between
 * threads sharing a busy core cost more than the sync itself (in a profile of the server at
 * 200 participants the pool's syncs took ~195 µs of the main thread's core each). But while the
 * disk answers, nothing else on the loop runs: reads, other rooms' broadcasts, HTTP. So a sync
 * slower than `INLINE_SYNC_MAX_MS` moves the next ones to the pool, where they wait without
 * holding the loop up, and they come back once the disk is fast again.
 */
export class DataSync {
  private where: 'inline' | 'pool' = 'inline';
  private fastInPool = 0;
  private movedAt = 0;
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
    const ms = this.now() - start;
    if (ms > INLINE_SYNC_MAX_MS) this.move('pool', ms);
  }

  /** Syncs `fds` in libuv's pool; rejects with what the file system reported. */
  async syncInPool(fds: readonly number[]): Promise<void> {
    const start = this.now();
    await Promise.all(
      fds.map(
        (fd) => new Promise<void>((resolve, reject) => this.fs.fdatasync(fd, (e) => (e ? reject(e) : resolve()))),
      ),
    );
    const end = this.now();
    const ms = end - start;
    if (this.where !== 'pool') return;
    this.fastInPool = ms <= INLINE_SYNC_MAX_MS ? this.fastInPool + 1 : 0;
    if (this.fastInPool >= FAST_SYNCS_TO_RETURN && end - this.movedAt >= MIN_POOL_MS) this.move('inline', ms);
  }

  private move(where: 'inline' | 'pool', ms: number): void {
    this.where = where;
    this.fastInPool = 0;
    this.movedAt = this.now();
    this.options.onMove?.(where, ms);
  }
}
