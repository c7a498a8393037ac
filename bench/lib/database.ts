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
  /** Bytes the servers have sent to the database so far: all of it, and their writes' part. */
  traffic(): DatabaseTraffic;
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
    traffic: proxy.traffic,
    async stop() {
      await proxy.close();
      await db.stop();
    },
  };
}

export interface DatabaseTraffic {
  /** Every byte sent on the wire: writes, queries, handshakes, pings. */
  sent: number;
  /** The messages that write (insert, update, delete, findAndModify, bulkWrite), whole. */
  written: number;
}

export interface CountingProxy {
  /** The MongoDB URI that reaches the database through this proxy. */
  uri: string;
  /** What the clients have sent the database so far, on the wire. */
  traffic(): DatabaseTraffic;
  close(): Promise<void>;
}

/** The commands that change what the database holds. */
const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findandmodify', 'bulkwrite']);
/** OP_MSG: the only opcode a current driver sends commands in (OP_COMPRESSED only when asked for). */
const OP_MSG = 2013;
/** Enough of a message to read its command's name: header 16, flags 4, kind 1, length 4, type 1. */
const PEEK = 64;

/**
 * Counts a client's side of a MongoDB wire connection, message by message: a message is a
 * write when its body (OP_MSG's section of kind 0, which drivers send first) starts with a write
 * command's name. Only each message's first bytes are kept, however large it is.
 */
export class WireMeter implements DatabaseTraffic {
  sent = 0;
  written = 0;
  private head = Buffer.alloc(0);
  /** Bytes of the current message after its head, still to come. */
  private rest = 0;
  private writing = false;

  push(chunk: Buffer): void {
    this.sent += chunk.length;
    let at = 0;
    while (at < chunk.length) {
      if (this.rest > 0) {
        const take = Math.min(this.rest, chunk.length - at);
        if (this.writing) this.written += take;
        this.rest -= take;
        at += take;
        continue;
      }
      const take = Math.min(PEEK - this.head.length, chunk.length - at);
      this.head = Buffer.concat([this.head, chunk.subarray(at, at + take)]);
      at += take;
      if (this.head.length < 4) continue;
      const length = this.head.readInt32LE(0);
      const own = Math.min(length, PEEK);
      if (this.head.length < own) continue;
      // a message shorter than the peek: what follows it belongs to the next one
      at -= this.head.length - own;
      this.writing = WRITE_COMMANDS.has(commandOf(this.head.subarray(0, own)).toLowerCase());
      if (this.writing) this.written += own;
      this.rest = length - own;
      this.head = Buffer.alloc(0);
    }
  }
}

/** The command a message's first bytes name ('' when they name none, e.g. a legacy handshake). */
function commandOf(head: Buffer): string {
  if (head.length < 27 || head.readInt32LE(12) !== OP_MSG || head[20] !== 0) return '';
  const end = head.indexOf(0, 26);
  return end === -1 ? '' : head.toString('latin1', 26, end);
}

/**
 * A pass-through proxy on a Unix socket in `dir` in front of the database (its Unix socket, or
 * the first host of a TCP address, reached directly), counting what the clients send: the bytes
 * written to the database, measured outside the server, the same way for any design of its
 * store. It runs in the bench's own process: with a store that batches, the traffic through it
 * while edits are timed is a few writes a second.
 */
export async function countingProxy(databaseUri: string, dir: string): Promise<CountingProxy> {
  const address = /^mongodb:\/\/([^@/]*@)?([^/?]+)(.*)$/.exec(databaseUri);
  if (!address) throw new Error(`the counting proxy needs a mongodb:// address, got ${databaseUri}`);
  const [, credentials = '', hosts = '', rest = ''] = address;
  const first = decodeURIComponent(hosts.split(',')[0]!);
  const port = /^(.*):(\d+)$/.exec(first);
  const target: net.NetConnectOpts = first.startsWith('/')
    ? { path: first }
    : { host: (port?.[1] ?? first).replace(/^\[(.*)\]$/, '$1'), port: Number(port?.[2] ?? 27017) };
  const meters: WireMeter[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    sockets.add(client).add(upstream);
    const meter = new WireMeter();
    meters.push(meter);
    client.on('data', (chunk: Buffer) => meter.push(chunk));
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
    // the same credentials, database and options, one host: this proxy
    uri: `mongodb://${credentials}${encodeURIComponent(socketPath)}${rest.includes('?') ? `${rest}&` : `${rest || '/'}?`}directConnection=true`,
    traffic: () => ({
      sent: meters.reduce((sum, m) => sum + m.sent, 0),
      written: meters.reduce((sum, m) => sum + m.written, 0),
    }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
