import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../../server/db/ferretdb.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { startBenchDatabase, type DatabaseTraffic } from './database.js';
import { sleep } from './stats.js';

/** What `bench:sync` runs unless told otherwise (`--targets`). */
export const DEFAULT_TARGETS = ['relay', 'y-websocket-server', 'hocuspocus', 'roundtable'] as const;
/**
 * Every target, the extra one by name only: `durable-relay`, the relay that stores every frame
 * durably before forwarding it (`bench/targets/durableRelay.ts`), the least any server keeping
 * Roundtable's promise can cost.
 */
export const TARGETS = [...DEFAULT_TARGETS, 'durable-relay'] as const;
export type TargetName = (typeof TARGETS)[number];

/** The protocol a target speaks: y-websocket framing, Hocuspocus framing, or frames passed through. */
export type Protocol = 'relay' | 'y-websocket' | 'hocuspocus';

/** A running target: where clients connect and which processes to charge for its work. */
export interface RunningTarget {
  name: TargetName;
  protocol: Protocol;
  /** WebSocket URL the providers are given (the room name is appended by them). */
  serverUrl: string;
  room: string;
  /** The HTTP origin (Roundtable only: its REST API and built client). */
  httpUrl?: string;
  /** Roundtable's room (its id), whose document is `room`. */
  roomId?: string;
  /** Headers every connection sends (session cookie and a same-site Origin for Roundtable). */
  headers: Record<string, string>;
  /**
   * Roundtable with `participants`: the headers of participant i, each a different
   * person signed in (a member of the room's group), so nothing per person is shared.
   */
  participantHeaders?: Record<string, string>[];
  /** A cluster: the server URL of participant i (they are spread over the nodes). */
  participantUrls?: string[];
  /** The server and, for Roundtable, its embedded database. */
  pids: number[];
  /** Processes among `pids` that are not the target's own Node processes (e.g. a cluster's Redis): they report no memory. */
  helperPids?: number[];
  /** The database process, whose storage writes are counted. */
  dbPid: number | null;
  /** Bytes the servers have sent to the database so far, and their writes' part (Roundtable: counted by a proxy in front of it). */
  dbTraffic?: () => DatabaseTraffic;
  stop(): Promise<void>;
  /** Stops and starts the same server on the same data (cold load). */
  restart?(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPTS: Record<Exclude<TargetName, 'roundtable'>, string> = {
  relay: 'bench/targets/relay.ts',
  'durable-relay': 'bench/targets/durableRelay.ts',
  'y-websocket-server': 'bench/targets/yWebsocketServer.ts',
  hocuspocus: 'bench/targets/hocuspocus.ts',
};

/**
 * The demo seed writes its rooms' and plans' documents through the sync server at start-up;
 * each is unloaded (and compacted) once it has gone unused for `COLLAB_UNLOAD_DELAY_MS`, 30 s
 * by default. A bench that starts measuring before then sees that unload inside its readings:
 * ~0.3 MB of memory freed between "connected" and "left", a compaction's CPU and writes in a
 * timed window. Roundtable's targets in the bench unload after this much instead, and
 * `seedUnloaded` waits for it before a target is handed over.
 */
export const BENCH_UNLOAD_DELAY_MS = 2_000;

/** Resolves once the documents the seed loaded before `readyAt` are unloaded (their compaction may still be finishing). */
export async function seedUnloaded(readyAt: number): Promise<void> {
  const wait = readyAt + BENCH_UNLOAD_DELAY_MS + 500 - performance.now();
  if (wait > 0) await sleep(wait);
}

/**
 * Targets running now. A bench stopped by a signal (Ctrl-C, `timeout`) stops them before it
 * exits, which also ends the databases it started (see startFerretDb): Node's default for a
 * signal exits without either, and a target left running keeps a core busy for the next run.
 */
const running = new Set<ChildProcess>();
let stopsOnSignal = false;

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (stopsOnSignal) return;
  stopsOnSignal = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // once: a second signal while they stop exits at once
    process.once(signal, () => {
      console.error(`${signal}: stopping ${running.size} target(s)`);
      void Promise.all([...running].map(stopChild)).finally(() => process.exit(128 + constants.signals[signal]));
    });
  }
}

/** Spawns `node` on one core (taskset), waiting for `ready` in its output. */
export async function spawnPinned(
  core: number,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  // e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the targets
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const gcOnSignal = pathToFileURL(path.join(import.meta.dirname, 'gcOnSignal.ts')).href;
  const node = [process.execPath, ...nodeArgs, '--expose-gc', '--import', 'tsx', '--import', gcOnSignal];
  const child = spawn('taskset', ['-c', String(core), ...node, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  // e.g. BENCH_SERVER_LOG_DIR=/tmp/bench-logs to keep each target's output (its warnings, --trace-gc)
  const logDir = process.env.BENCH_SERVER_LOG_DIR;
  if (logDir) {
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(path.join(logDir, `${path.basename(args[0]!, '.ts')}-${child.pid}.log`));
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    child.once('close', () => log.end());
  }
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start:\n${output}`)), 60_000);
    let started = false;
    const onData = (d: Buffer) => {
      // still read once started (so the pipe never fills), but no longer kept
      if (started) return;
      output += d.toString();
      const match = ready.exec(output);
      if (match) {
        started = true;
        output = '';
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}:\n${output}`));
    });
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(force);
}

/** Starts one target pinned to `core`, ready for clients. */
export async function startTarget(
  name: TargetName,
  core: number,
  env: NodeJS.ProcessEnv = {},
  participants = 0,
): Promise<RunningTarget> {
  if (name === 'roundtable') return startRoundtable(core, env, participants);
  const { child, match } = await spawnPinned(core, [SCRIPTS[name]], { ...process.env, ...env }, /listening (\d+)/);
  child.removeAllListeners('exit');
  return {
    name,
    protocol:
      name === 'relay' || name === 'durable-relay' ? 'relay' : name === 'hocuspocus' ? 'hocuspocus' : 'y-websocket',
    serverUrl: `ws://127.0.0.1:${match[1]}`,
    room: 'bench-room',
    headers: {},
    pids: [child.pid!],
    dbPid: null,
    stop: () => stopChild(child),
  };
}

/**
 * Roundtable's real server as in production (`node --import tsx server/main.ts`) with durable
 * storage in the embedded database it would start itself (FerretDB on SQLite), which is
 * started here instead, pinned to the same core, so that a proxy in front of it can count the
 * bytes written to it. Signed in as the demo admin, with a fresh room to edit; with
 * `participants`, that many people are invited into the room's group and signed in (see
 * participantHeaders).
 */
async function startRoundtable(
  core: number,
  extraEnv: NodeJS.ProcessEnv,
  participants: number,
): Promise<RunningTarget> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'roundtable-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    COLLAB_UNLOAD_DELAY_MS: String(BENCH_UNLOAD_DELAY_MS),
    ...extraEnv,
  };
  const boot = async () => {
    const db = await startBenchDatabase(core, dataDir);
    try {
      const { child } = await spawnPinned(
        core,
        ['server/main.ts'],
        { ...env, MONGODB_URI: db.uri },
        /Roundtable is running at/,
      );
      child.removeAllListeners('exit');
      return { child, db };
    } catch (error) {
      await db.stop();
      throw error;
    }
  };
  let server = await boot();
  const readyAt = performance.now();
  const shutdown = async () => {
    await stopChild(server.child);
    await server.db.stop();
  };
  const origin = `http://127.0.0.1:${port}`;
  const { cookie, documentName, roomId, participantHeaders } = await prepareRoom(
    origin,
    participants,
    dataDir.slice(-6),
  );
  await seedUnloaded(readyAt);
  const target: RunningTarget = {
    name: 'roundtable',
    protocol: 'y-websocket',
    serverUrl: `ws://127.0.0.1:${port}/collab`,
    httpUrl: origin,
    room: documentName,
    roomId,
    headers: { cookie, origin },
    ...(participants > 0 ? { participantHeaders } : {}),
    pids: [server.child.pid!, server.db.pid],
    dbPid: server.db.pid,
    dbTraffic: () => server.db.traffic(),
    async stop() {
      await shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await shutdown();
      server = await boot();
      target.pids = [server.child.pid!, server.db.pid];
      target.dbPid = server.db.pid;
    },
  };
  return target;
}

/**
 * Signs in as the demo admin at `origin`, creates a group and a room to edit, and
 * invites `participants` people into the group, each signed in (their headers).
 */
export async function prepareRoom(
  origin: string,
  participants: number,
  label: string,
): Promise<{ cookie: string; documentName: string; roomId: string; participantHeaders: Record<string, string>[] }> {
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: DEMO_USERS.admin.email, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const api = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${origin}${url}`, {
      method,
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { group } = await api<{ group: { id: string } }>('POST', '/api/groups', {
    name: `Benchmark ${label}`,
    kind: 'working_group',
    hubId: null,
    cap: 1000,
  });
  const { room } = await api<{ room: { id: string; documentName: string } }>('POST', `/api/groups/${group.id}/rooms`, {
    title: 'Benchmark',
    languages: ['en'],
  });
  const participantHeaders: Record<string, string>[] = [];
  const join = async (i: number) => {
    const { link } = await api<{ link: string }>('POST', `/api/groups/${group.id}/invitations`, {
      email: `bench-${i}@bench.roundtable`,
      role: 'member',
    });
    const res = await fetch(`${origin}/api/invitations/${new URL(link).pathname.split('/').pop()}/accept`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Participant ${i}`, password: 'benchmark passphrase 2026', language: 'en' }),
    });
    if (!res.ok) throw new Error(`participant ${i} could not join: ${res.status} ${await res.text()}`);
    participantHeaders[i] = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, origin };
  };
  // a few at a time: every acceptance hashes a password
  for (let i = 0; i < participants; i += 4)
    await Promise.all(Array.from({ length: Math.min(4, participants - i) }, (_, k) => join(i + k)));
  return { cookie, documentName: room.documentName, roomId: room.id, participantHeaders };
}
