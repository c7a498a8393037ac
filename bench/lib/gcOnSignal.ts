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
 */
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { getHeapSpaceStatistics } from 'node:v8';
import { memoryFile } from './memoryFile.js';

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
