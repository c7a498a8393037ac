import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startFerretDb } from '../../server/db/ferretdb.js';
import { createLogger } from '../../server/logger.js';
import { childPids } from './proc.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Pins a running process and its threads to `core`. */
export function pin(pid: number, core: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}

export interface BenchDatabase {
  /** What the servers are given as MONGODB_URI: the database, through a proxy that counts. */
  uri: string;
  pid: number;
  /** Bytes the servers have sent to the database so far. */
  sentBytes(): number;
  stop(): Promise<void>;
}

/**
 * The embedded database as Roundtable runs it (FerretDB, SQLite, in `dataDir`), started here
 * and pinned to the servers' `core` so its CPU is charged with theirs, behind a counting proxy.
 */
export async function startBenchDatabase(core: number, dataDir: string): Promise<BenchDatabase> {
  const db = await startFerretDb({
    bin: process.env.FERRETDB_BIN ?? path.join(ROOT, '.cache', 'bin', 'ferretdb'),
    dataDir,
    logger: createLogger('warn'),
  });
  const pid = childPids(process.pid).find((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dataDir));
  if (pid === undefined) throw new Error(`no database process for ${dataDir}`);
  pin(pid, core);
  const proxy = await countingProxy(db.uri, dataDir);
  return {
    uri: proxy.uri,
    pid,
    sentBytes: proxy.sentBytes,
    async stop() {
      await proxy.close();
      await db.stop();
    },
  };
}

export interface CountingProxy {
  /** The MongoDB URI that reaches the database through this proxy. */
  uri: string;
  /** Bytes the server has sent to the database so far: its inserts, updates and queries, on the wire. */
  sentBytes(): number;
  close(): Promise<void>;
}

/**
 * A pass-through proxy on a Unix socket in `dir` in front of the database's socket, counting
 * what the server sends: the bytes written to the database, measured outside the server, the
 * same way for any design of its store. It runs in the load generator's process: with a store
 * that batches, the traffic through it while edits are timed is a few writes a second.
 */
export async function countingProxy(databaseUri: string, dir: string): Promise<CountingProxy> {
  const target = decodeURIComponent(new URL(databaseUri).host);
  if (!target.startsWith('/')) throw new Error(`expected the database on a Unix socket, got ${databaseUri}`);
  let sent = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      sent += chunk.byteLength;
    });
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  const socketPath = path.join(dir, 'db-proxy.sock');
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
  return {
    uri: `mongodb://${encodeURIComponent(socketPath)}/`,
    sentBytes: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
