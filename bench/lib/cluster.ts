import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/db/ferretdb.js';
import { RedisServer } from '../../test/helpers/redisServer.js';
import { pin, startBenchDatabase } from './database.js';
import {
  BENCH_UNLOAD_DELAY_MS,
  prepareRoom,
  seedUnloaded,
  spawnPinned,
  stopChild,
  type RunningTarget,
} from './targets.js';

/**
 * Roundtable as a cluster of `nodes` server processes, one standalone FerretDB and one
 * Redis, all pinned to `core` (so its CPU is comparable with the single node's, which
 * has the core to itself with its database). Participants alternate between nodes.
 */
export async function startRoundtableCluster(
  core: number,
  nodes: number,
  participants: number,
): Promise<RunningTarget> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'roundtable-bench-cluster-'));
  const redis = await RedisServer.start();
  const redisPid = Number(
    execFileSync('redis-cli', ['-p', String(redis.port), 'info', 'server'], { encoding: 'utf8' }).match(
      /process_id:(\d+)/,
    )![1],
  );
  pin(redisPid, core);
  const db = await startBenchDatabase(core, dataDir);
  const dbPid = db.pid;
  const shared = {
    ...process.env,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    COLLAB_UNLOAD_DELAY_MS: String(BENCH_UNLOAD_DELAY_MS),
    MONGODB_URI: db.uri,
    REDIS_URL: redis.url,
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  for (let i = 0; i < nodes; i++) {
    const port = await freePort();
    ports.push(port);
    const env = { ...shared, PORT: String(port), SEED_DEMO: i === 0 ? 'true' : 'false' };
    const { child } = await spawnPinned(core, ['server/main.ts'], env, /Roundtable is running at/);
    child.removeAllListeners('exit');
    children.push(child);
  }
  const readyAt = performance.now();
  const origin = `http://127.0.0.1:${ports[0]}`;
  const { cookie, documentName, roomId, participantHeaders } = await prepareRoom(origin, participants, 'cluster');
  await seedUnloaded(readyAt);
  const urls = ports.map((port) => `ws://127.0.0.1:${port}/collab`);
  // a participant's cookie is good on every node (one database, one session secret); only the Origin differs
  const headersOn = (h: Record<string, string>, i: number) => ({
    ...h,
    origin: `http://127.0.0.1:${ports[i % nodes]}`,
  });
  return {
    name: 'roundtable',
    protocol: 'y-websocket',
    serverUrl: urls[0]!,
    httpUrl: origin,
    room: documentName,
    roomId,
    headers: { cookie, origin },
    participantHeaders: Array.from({ length: participants }, (_, i) => headersOn(participantHeaders[i]!, i)),
    participantUrls: Array.from({ length: participants }, (_, i) => urls[i % nodes]!),
    pids: [...children.map((c) => c.pid!), dbPid, redisPid],
    helperPids: [redisPid],
    dbPid,
    dbTraffic: db.traffic,
    async stop() {
      await Promise.all(children.map((c) => stopChild(c)));
      await db.stop();
      await redis.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
