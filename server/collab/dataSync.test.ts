import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataSync, INLINE_SYNC_MAX_MS } from './dataSync.js';

/** A disk whose syncs take `delay` ms of a clock the test moves. */
function slowDisk() {
  const state = { now: 0, delay: 0.1, inline: 0, pooled: 0 };
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
  const moves: ['inline' | 'pool', number][] = [];
  const sync = new DataSync({ fs, now: () => state.now, onMove: (where, ms) => moves.push([where, ms]) });
  /** One sync, wherever the policy says it runs now. */
  const once = async () => (sync.inline ? sync.syncInline([3]) : sync.syncInPool([3]));
  return { state, sync, moves, once };
}

describe('where the journal syncs', () => {
  it('syncs on the event loop while the disk answers quickly', async () => {
    const { state, sync, moves, once } = slowDisk();
    for (let i = 0; i < 100; i++) await once();
    expect(sync.inline).toBe(true);
    expect(state).toMatchObject({ inline: 100, pooled: 0 });
    expect(moves).toEqual([]);
  });

  it('moves to the thread pool after one slow sync, and back only once the disk has been fast for a while', async () => {
    const { state, sync, moves, once } = slowDisk();
    await once();
    state.delay = INLINE_SYNC_MAX_MS + 3;
    await once();
    expect(sync.inline).toBe(false);
    expect(moves).toEqual([['pool', INLINE_SYNC_MAX_MS + 3]]);

    // fast again: 20 quick syncs in a row are not enough so soon after the move
    state.delay = 0.1;
    for (let i = 0; i < 30; i++) await once();
    expect(sync.inline).toBe(false);
    // later, a slow one starts the count again
    state.now += 10_000;
    state.delay = INLINE_SYNC_MAX_MS + 1;
    await once();
    state.delay = 0.1;
    for (let i = 0; i < 19; i++) await once();
    expect(sync.inline).toBe(false);
    await once();
    expect(sync.inline).toBe(true);
    expect(moves.map(([where]) => where)).toEqual(['pool', 'inline']);
    expect(state.pooled).toBe(51);
    await once();
    expect(state.inline).toBe(3);
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
