import { spawn } from 'node:child_process';
import type { LoadResult, LoadSpec } from '../load.js';
import type { DatabaseTraffic } from './database.js';

/**
 * Runs one load-generator process (bench/load.ts) pinned to `core`; resolves with its result.
 * With `dbTraffic` (a count of the bytes the target has sent its database), the bytes sent
 * from the start of the generator's warm-up to the end of its timed window, and the writes
 * among them, are read at its marks.
 */
export function generate(spec: LoadSpec, core: number, dbTraffic?: () => DatabaseTraffic): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'taskset',
      ['-c', String(core), process.execPath, '--import', 'tsx', 'bench/load.ts', JSON.stringify(spec)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    const marks = new Map<string, DatabaseTraffic>();
    child.stdout.on('data', (d: Buffer) => {
      const text = d.toString();
      for (const [, mark] of text.matchAll(/^MARK (\S+)$/gm)) if (dbTraffic) marks.set(mark!, dbTraffic());
      out += text;
    });
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) {
        const result = JSON.parse(line.slice(7)) as LoadResult;
        const [start, end] = [marks.get('writes-start'), marks.get('window-end')];
        if (start !== undefined && end !== undefined) {
          result.dbSentBytesPerUpdateByte = (end.sent - start.sent) / result.storedUpdateBytes;
          result.dbWrittenBytesPerUpdateByte = (end.written - start.written) / result.storedUpdateBytes;
        }
        resolve(result);
      } else reject(new Error(`load generator exited with ${code}:\n${out}`));
    });
  });
}
