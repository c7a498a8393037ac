import { spawn } from 'node:child_process';
import type { LoadResult, LoadSpec } from '../load.js';

/** Runs one load-generator process (bench/load.ts) pinned to `core`; resolves with its result. */
export function generate(spec: LoadSpec, core: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'taskset',
      ['-c', String(core), process.execPath, '--import', 'tsx', 'bench/load.ts', JSON.stringify(spec)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as LoadResult);
      else reject(new Error(`load generator exited with ${code}:\n${out}`));
    });
  });
}
