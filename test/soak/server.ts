import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { childPids, rssBytes } from '../../bench/lib/proc.js';
import { freePort } from '../../server/db/ferretdb.js';
import type { ProbeSample } from './probe.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PROBE = path.join(import.meta.dirname, 'probe.ts');

/** One memory sample of the server process (and, for information, its embedded database). */
export interface ServerSample extends Omit<ProbeSample, 'type'> {
  /** VmRSS of the server process from /proc, beside Node's own figure. */
  procRss: number;
  dbRss: number;
}

/**
 * The production server (`node --import tsx server/main.ts`, embedded FerretDB in
 * its own DATA_DIR) as a child process of the soak run, so the load generator's
 * memory never counts. Preloads the probe (memory over IPC) and accepts SIGUSR2
 * for a heap snapshot (written to `diagnosticDir`).
 */
export class SoakServer {
  private child: ChildProcess | null = null;
  private output = '';
  url = '';
  /** Server log lines at level warn (40) and error or worse (50+). */
  warnings = 0;
  errors = 0;
  readonly errorLines: string[] = [];

  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly diagnosticDir: string,
    /** Every line the server writes is kept here, for a post-mortem. */
    readonly logFile: string,
  ) {}

  static async create(dataDir: string, logFile: string): Promise<SoakServer> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
    };
    delete env.MONGODB_URI;
    const server = new SoakServer(env, dataDir, logFile);
    server.url = `http://127.0.0.1:${port}`;
    await server.start();
    return server;
  }

  get pid(): number {
    return this.child!.pid!;
  }

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(
      process.execPath,
      [
        '--heapsnapshot-signal=SIGUSR2',
        `--diagnostic-dir=${this.diagnosticDir}`,
        '--import',
        'tsx',
        '--import',
        PROBE,
        'server/main.ts',
      ],
      { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    this.child = child;
    let partial = '';
    const onData = (d: Buffer) => {
      const text = d.toString();
      appendFileSync(this.logFile, text);
      if (!this.output.includes('Roundtable is running at')) this.output += text;
      partial += text;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) this.countLogLine(line);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const deadline = Date.now() + 120_000;
    while (!this.output.includes('Roundtable is running at')) {
      if (child.exitCode !== null) throw new Error(`server exited:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`server did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private countLogLine(line: string): void {
    if (!line.startsWith('{')) return;
    try {
      const { level } = JSON.parse(line) as { level?: number };
      if (level === 40) this.warnings++;
      if (level !== undefined && level >= 50) {
        this.errors++;
        if (this.errorLines.length < 20) this.errorLines.push(line.slice(0, 500));
      }
    } catch {
      // not a log record
    }
  }

  /**
   * Reads the server's RSS from /proc and asks the probe for its heap and event-loop
   * delay. A server too busy to answer within `timeoutMs` still gets its RSS recorded;
   * the probe's figures are then NaN (and the wait itself says how busy it was).
   */
  async sample(timeoutMs = 30_000): Promise<ServerSample> {
    const child = this.child;
    if (!child?.connected) throw new Error('the server is not running');
    const procRss = rssBytes([child.pid!]);
    const db = this.databasePid();
    const dbRss = db ? rssBytes([db]) : 0;
    const probe = await new Promise<Omit<ProbeSample, 'type'> | null>((resolve) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        resolve(null);
      }, timeoutMs);
      const onMessage = (message: ProbeSample) => {
        if (message?.type !== 'soak:sample') return;
        clearTimeout(timer);
        child.off('message', onMessage);
        const { type: _type, ...rest } = message;
        resolve(rest);
      };
      child.on('message', onMessage);
      child.send('soak:sample');
    });
    this.unanswered += probe ? 0 : 1;
    const missing = {
      rss: NaN,
      heapUsed: NaN,
      heapTotal: NaN,
      external: NaN,
      arrayBuffers: NaN,
      loopMaxMs: NaN,
      loopP99Ms: NaN,
    };
    return { ...(probe ?? missing), procRss, dbRss };
  }

  /**
   * Asks the server for a heap snapshot (SIGUSR2) and resolves with its path once
   * Node has finished writing it. The server is frozen while it writes.
   */
  async heapSnapshot(timeoutMs = 300_000): Promise<string> {
    const before = new Set(snapshotsIn(this.diagnosticDir));
    this.child!.kill('SIGUSR2');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const written = snapshotsIn(this.diagnosticDir).find((f) => !before.has(f));
      // Node writes to the final name; the probe answering again means the write has finished
      if (written && (await this.sample(timeoutMs)).heapUsed > 0) return path.join(this.diagnosticDir, written);
      if (Date.now() > deadline) throw new Error('no heap snapshot was written');
    }
  }

  /** Probe requests the server did not answer in time. */
  unanswered = 0;

  private databasePid(): number | null {
    try {
      return (
        childPids(this.child!.pid!).find((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ferretdb') ??
        null
      );
    } catch {
      return null;
    }
  }

  /** SIGTERM, as an operator would; resolves once the process (and its database) exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(force);
    this.child = null;
  }
}

function snapshotsIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
}
