import type { ChildProcess } from 'node:child_process';

/** SIGTERM, as an operator would; resolves once the process exited (at once if it is not running). */
export async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
