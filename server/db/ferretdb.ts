import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.js';

export interface EmbeddedDatabase {
  uri: string;
  /** Stops the FerretDB child process; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface FerretDbOptions {
  bin: string;
  dataDir: string;
  logger: Logger;
  startTimeoutMs?: number;
  /**
   * When another live process already runs the embedded database for this data
   * folder, connect to it instead of failing (the admin CLI beside a running server).
   */
  shareRunning?: boolean;
}

interface OwnerRecord {
  ferretPid: number;
  ownerPid: number;
  uri: string;
}

/**
 * Starts the embedded FerretDB (SQLite backend) as a child process listening only on
 * a Unix socket in an owner-only folder (FerretDB has no authentication: other users
 * of the machine must not reach it; no TCP port at all), with telemetry off and no
 * debug listener. Its files live in `<dataDir>/ferretdb`, so data survives restarts.
 */
export async function startFerretDb(options: FerretDbOptions): Promise<EmbeddedDatabase> {
  const { bin, dataDir, logger } = options;
  if (!existsSync(bin)) {
    throw new Error(`embedded FerretDB binary not found at ${bin}`);
  }
  const root = path.join(dataDir, 'ferretdb');
  const sqliteDir = path.join(root, 'sqlite');
  const stateDir = path.join(root, 'state');
  mkdirSync(sqliteDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const socketDir = ownerOnlyDir(path.join(root, 'run'));
  const ownerFile = path.join(stateDir, 'roundtable-owner.json');
  const running = liveOwner(ownerFile, sqliteDir, logger);
  if (running) {
    if (options.shareRunning) return { uri: running.uri, stop: async () => {} };
    throw new Error(
      `another Roundtable process (pid ${running.ownerPid}) is using the embedded database in ${dataDir}; stop it or use a different DATA_DIR`,
    );
  }

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const socketPath = path.join(socketDir, `ferretdb-${attempt}.sock`);
    rmSync(socketPath, { force: true });
    const child = spawn(
      bin,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${sqliteDir}/`,
        '--listen-addr=',
        `--listen-unix=${socketPath}`,
        '--telemetry=disable',
        '--debug-addr=-',
        `--state-dir=${stateDir}`,
        '--log-level=warn',
        '--log-format=json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output: string[] = [];
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      if (output.length > 50) output.shift();
      for (const line of text.split('\n').filter(Boolean)) logger.debug({ ferretdb: line });
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    try {
      await waitForSocket(child, socketPath, options.startTimeoutMs ?? 20_000);
      chmodSync(socketPath, 0o600);
    } catch (error) {
      lastError = new Error(`FerretDB did not start: ${(error as Error).message}\n${output.join('').slice(-2000)}`);
      await stopChild(child);
      continue;
    }
    const uri = `mongodb://${encodeURIComponent(socketPath)}/`;
    const owner: OwnerRecord = { ferretPid: child.pid ?? 0, ownerPid: process.pid, uri };
    writeFileSync(ownerFile, JSON.stringify(owner));
    logger.info({ socket: socketPath, dataDir: root }, 'embedded FerretDB started');
    // a process that exits without stopping it (a shutdown that overran its time, an uncaught
    // exception) takes it along: SQLite's WAL keeps what was committed
    const killOnExit = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    return {
      uri,
      stop: async () => {
        process.off('exit', killOnExit);
        await stopChild(child);
        rmSync(ownerFile, { force: true });
      },
    };
  }
  throw lastError instanceof Error ? lastError : new Error('FerretDB did not start');
}

/**
 * Returns the record of a live process that runs the embedded database for this
 * folder. A FerretDB whose owner was killed outright (an orphan) would hold our
 * SQLite files, so it is stopped here.
 */
function liveOwner(ownerFile: string, sqliteDir: string, logger: Logger): OwnerRecord | null {
  let owner: OwnerRecord;
  try {
    owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as OwnerRecord;
  } catch {
    return null;
  }
  const ferretAlive = isFerretDb(owner.ferretPid, sqliteDir);
  if (ferretAlive && owner.ownerPid !== process.pid && isAlive(owner.ownerPid)) return owner;
  if (ferretAlive) {
    process.kill(owner.ferretPid, 'SIGKILL');
    logger.warn({ pid: owner.ferretPid }, 'stopped an orphaned embedded FerretDB');
  }
  rmSync(ownerFile, { force: true });
  return null;
}

function isFerretDb(pid: number, sqliteDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('ferretdb') && cmdline.includes(sqliteDir);
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A port that was free on 127.0.0.1 a moment ago (the caller retries if it is taken meanwhile). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The folder for the database socket, readable by this user only. Inside the data
 * folder unless its path is too long for a Unix socket (about 107 bytes on Linux).
 */
function ownerOnlyDir(preferred: string): string {
  const dir = preferred.length + 24 < 100 ? preferred : mkdtempSync(path.join(tmpdir(), 'roundtable-db-'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

async function waitForSocket(child: ChildProcess, socketPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    }
    if (await canConnect(socketPath)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not listening after ${timeoutMs} ms`);
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
