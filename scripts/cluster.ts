/**
 * `scripts/cluster [N=2]`: a local cluster for trials — one Redis (started here on
 * loopback), one database (MONGODB_URI, or the embedded FerretDB as a standalone
 * server), and N Roundtable nodes on consecutive ports from PORT (3000). The first
 * node seeds the demo network on first start, like scripts/start. Ctrl-C or SIGTERM
 * stops everything. Put a load balancer with WebSocket support in front for a real
 * deployment (README: "Running several nodes").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/config.js';
import { startFerretDb, type EmbeddedDatabase } from '../server/db/ferretdb.js';
import { createLogger } from '../server/logger.js';
import { RedisServer } from '../test/helpers/redisServer.js';

const count = Number(process.argv[2] ?? 2);
if (!Number.isInteger(count) || count < 1 || count > 16) {
  console.error('usage: scripts/cluster [N]   (1 to 16 nodes, default 2)');
  process.exit(2);
}
const basePort = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.DATA_DIR ?? path.join(PROJECT_ROOT, 'data', 'cluster'));
mkdirSync(dataDir, { recursive: true });
const logger = createLogger(process.env.LOG_LEVEL ?? 'info');

// one secret for every node, kept in the data folder: a session cookie is good on any node
const secretFile = path.join(dataDir, 'session-secret');
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
const sessionSecret = process.env.SESSION_SECRET ?? readFileSync(secretFile, 'utf8').trim();

const nodes: ChildProcess[] = [];
let redis: RedisServer | null = null;
let database: EmbeddedDatabase | null = null;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await Promise.all(
      nodes.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await redis?.stop();
    await database?.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function startNode(index: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const port = basePort + index - 1;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: process.env.HOST ?? '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nodes.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      const text = d.toString();
      for (const line of text.split('\n')) if (line.trim()) process.stdout.write(`[node ${index}] ${line}\n`);
      output += text;
      if (output.includes('Roundtable is running at')) {
        output = '';
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`node ${index} exited (${signal ?? code})`);
        reject(new Error(`node ${index} exited`));
      }
    });
  });
}

try {
  redis = await RedisServer.start(Number(process.env.REDIS_PORT ?? 0) || undefined, path.join(dataDir, 'redis'));
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    database = await startFerretDb({
      bin: process.env.FERRETDB_BIN ?? path.join(PROJECT_ROOT, '.cache', 'bin', 'ferretdb'),
      dataDir,
      logger,
    });
    uri = database.uri;
  }
  const env = { REDIS_URL: redis.url, MONGODB_URI: uri, DATA_DIR: dataDir, SESSION_SECRET: sessionSecret };
  // the first node seeds the demo network (once); the others start when it is up
  await startNode(1, { ...env, SEED_DEMO: process.env.SEED_DEMO ?? 'true' });
  await Promise.all(Array.from({ length: count - 1 }, (_, i) => startNode(i + 2, { ...env, SEED_DEMO: 'false' })));
  console.log('');
  for (let i = 1; i <= count; i++) console.log(`node ${i}: http://127.0.0.1:${basePort + i - 1}`);
  console.log(`database: ${uri}`);
  console.log(`redis: ${redis.url}`);
  console.log('Ctrl-C stops the cluster.');
} catch (error) {
  console.error((error as Error).message);
  await stopAll(1);
}
