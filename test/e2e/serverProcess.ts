import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/db/ferretdb.js';
import { stopChild } from '../helpers/childProcess.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The real production server (built client, embedded database) as a child process that tests can restart. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  url = '';

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  static async create(extraEnv: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'roundtable-e2e-')),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      ...extraEnv,
    };
    // a database of its own, unless the caller names one (nodes of a cluster share theirs)
    if (process.env.MONGODB_URI && !extraEnv.MONGODB_URI) {
      const uri = new URL(process.env.MONGODB_URI);
      uri.pathname = `/rt_e2e_${randomBytes(6).toString('hex')}`;
      env.MONGODB_URI = uri.toString();
    }
    const server = new ServerProcess(env);
    server.url = `http://localhost:${port}`;
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: this.env });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!this.output.includes('Roundtable is running at')) {
      if (child.exitCode !== null) throw new Error(`server exited:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`server did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM, as an operator would; resolves once the process (and its database) exited. */
  async stop(): Promise<void> {
    await stopChild(this.child);
    this.child = null;
  }

  get port(): number {
    return Number(this.env.PORT);
  }

  /** SIGKILL, as a crash would: no shutdown code runs; its embedded database may outlive it. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  get dataDir(): string {
    return this.env.DATA_DIR!;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  get logs(): string {
    return this.output;
  }
}
