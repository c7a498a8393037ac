import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/db/ferretdb.js';
import { stopChild } from './childProcess.js';

/**
 * A real redis-server of our own on loopback (installed by scripts/lib.sh:
 * `apt-get install redis-server`), on a free port with its data in a temporary
 * folder, for the cluster tests, `scripts/cluster` and `bench:cluster`.
 * Appends are fsynced (AOF `always`), as the production layout in the README asks.
 */
export class RedisServer {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** On `port` (a free one by default), with its files in `dir` (a fresh temporary folder by default). */
  static async start(port?: number, dir?: string): Promise<RedisServer> {
    const found = spawnSync('redis-server', ['--version']);
    if (found.error)
      throw new Error(
        'redis-server is not installed: run scripts/test (it installs it) or apt-get install redis-server',
      );
    if (dir) mkdirSync(dir, { recursive: true });
    const server = new RedisServer(
      port ?? (await freePort()),
      dir ?? mkdtempSync(path.join(tmpdir(), 'roundtable-redis-')),
    );
    await server.run();
    return server;
  }

  private async run(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--protected-mode',
        'yes',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited:\n${output}`);
      const ping = spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' });
      if (ping.stdout?.trim() === 'PONG') return;
      if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops Redis (SIGTERM: it finishes writing its append-only file first). */
  async stop(): Promise<void> {
    await stopChild(this.child);
    this.child = null;
  }

  /** Stops and starts it again on the same port and data (a Redis restart). */
  async restart(): Promise<void> {
    await this.stop();
    await this.run();
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
