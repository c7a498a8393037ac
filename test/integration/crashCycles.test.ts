import { describe, expect, it } from 'vitest';
import { runCrashCycles } from '../helpers/crashCycles.js';

// the short version of `npm run test:crash` (20 cycles): the same code, two kills
describe('crash cycles: the server process killed with SIGKILL during live editing', () => {
  it('keeps every edit a client was told was saved or received from another client', async () => {
    const report = await runCrashCycles({ cycles: 2, clients: 3, liveMs: [700, 1500], editEveryMs: 100 });
    expect(report.lost).toEqual([]);
    // the run must have exercised something: edits stored before and after restarts
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.seen).toBeGreaterThan(0);
    expect(report.leftoverProcesses).toBe(0);
  }, 180_000);
});
