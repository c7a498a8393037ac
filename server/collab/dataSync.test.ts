import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataSync } from './dataSync.js';

/** A disk whose syncs take `delay` ms of a clock the test moves; syncs come `gap` ms apart. */
function slowDisk() {
  const state = { now: 0, delay: 0.15, gap: 10, inline: 0, pooled: 0 };
  const fs = {
    fdatasyncSync: () => {
      state.inline++;
      state.now += state.delay;
    },
    fdatasync: (_fd: number, done: (error: Error | null) => void) => {
      state.pooled++;
      state.now += state.delay;
      setImmediate(() => done(null));
    },
  };
  const moves: ('inline' | 'pool')[] = [];
  const sync = new DataSync({ fs, now: () => state.now, onMove: (where) => moves.push(where) });
  /** `n` syncs, each wherever the policy says it runs then. */
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) {
      state.now += state.gap;
      if (sync.inline) sync.syncInline([3]);
      else await sync.syncInPool([3]);
    }
  };
  return { state, sync, moves, run };
}

describe('where the journal syncs', () => {
  it('syncs on the event loop while the disk answers quickly, whatever an outlier takes', async () => {
    const { state, sync, moves, run } = slowDisk();
    await run(500);
    // one sync of 40 ms among a hundred a second
    state.delay = 40;
    await run(1);
    state.delay = 0.15;
    await run(500);
    expect(sync.inline).toBe(true);
    expect(state).toMatchObject({ inline: 1001, pooled: 0 });
    expect(moves).toEqual([]);
  });

  it('moves to the thread pool once syncs hold the loop up, and back once they would not, not sooner than 10 s', async () => {
    const { state, sync, moves, run } = slowDisk();
    await run(100);
    // the disk slows to 1.5 ms a sync, a hundred a second: a tenth of the loop within a second
    state.delay = 1.5;
    await run(100);
    expect(sync.inline).toBe(false);
    expect(moves).toEqual(['pool']);
    expect(state.inline).toBeGreaterThan(100);
    expect(state.inline).toBeLessThan(200);

    // fast again: back on the loop, but not within 10 s of the move
    state.delay = 0.15;
    await run(500);
    expect(sync.inline).toBe(false);
    await run(600);
    expect(sync.inline).toBe(true);
    expect(moves).toEqual(['pool', 'inline']);
    const pooled = state.pooled;
    await run(10);
    expect(state.pooled).toBe(pooled);
  });

  it('moves to the pool after one sync that held the loop up for a tenth of a second', async () => {
    const { state, sync, run } = slowDisk();
    await run(10);
    state.delay = 150;
    await run(1);
    expect(sync.inline).toBe(false);
  });
});

describe('syncing a real file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-datasync-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs on the loop and in the pool, and reports a file that cannot be synced', async () => {
    const fd = openSync(path.join(dir, 'f'), 'w');
    writeSync(fd, 'record');
    const sync = new DataSync();
    expect(() => sync.syncInline([fd])).not.toThrow();
    await expect(sync.syncInPool([fd])).resolves.toBeUndefined();
    closeSync(fd);
    expect(() => sync.syncInline([fd])).toThrow(/EBADF/);
    await expect(sync.syncInPool([fd])).rejects.toThrow(/EBADF/);
  });
});
