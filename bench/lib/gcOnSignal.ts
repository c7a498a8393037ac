/**
 * Preloaded into every target the bench starts (`--expose-gc --import`, see targets.ts): on
 * SIGUSR2 the process runs a full garbage collection and writes what it then holds to
 * `memoryFile(pid)` (see `measureMemory` in proc.ts). "Memory per connection" is then what the
 * connections hold, not whatever garbage a run happened to leave uncollected.
 */
import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { memoryFile } from './memoryFile.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc)
  process.on('SIGUSR2', () => {
    gc();
    const codeUsed = getHeapSpaceStatistics()
      .filter((space) => space.space_name.startsWith('code'))
      .reduce((sum, space) => sum + space.space_used_size, 0);
    writeFileSync(memoryFile(process.pid), JSON.stringify({ at: Date.now(), ...process.memoryUsage(), codeUsed }));
  });
