/**
 * Preloaded into every target the bench starts (`--expose-gc --import`, see targets.ts): on
 * SIGUSR2 the process runs a full garbage collection and writes what it then holds to
 * `memoryFile(pid)` (see `measureMemory` in proc.ts). "Memory per connection" is then what the
 * connections hold, not whatever garbage a run happened to leave uncollected.
 *
 * Two collections, a moment apart: right after one, V8's count of external memory still
 * includes what the collection freed but had not yet released (it is released concurrently).
 * Read then, 200 idle connections of Roundtable's once "held" 12.8 KB of external memory each,
 * and the relay's 0.7 KB; read after the second collection, both hold none.
 *
 * On SIGURG it writes a heap snapshot instead (`--heap` in bench:sync): slower, but it counts
 * every object the connections hold, whatever V8's own counters are doing.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { heapSnapshotFile, memoryFile } from './memoryFile.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc)
  process.on('SIGUSR2', async () => {
    gc();
    await sleep(200);
    gc();
    const codeUsed = getHeapSpaceStatistics()
      .filter((space) => space.space_name.startsWith('code'))
      .reduce((sum, space) => sum + space.space_used_size, 0);
    writeFileSync(memoryFile(process.pid), JSON.stringify({ at: Date.now(), ...process.memoryUsage(), codeUsed }));
  });
process.on('SIGURG', () => {
  // a snapshot collects all garbage first; written under another name, then moved, so it is read whole
  const file = heapSnapshotFile(process.pid);
  writeHeapSnapshot(`${file}.part`);
  renameSync(`${file}.part`, file);
});
