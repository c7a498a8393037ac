/**
 * `npm run bench:db [-- --commits N] [-- --write]`: what one write to the embedded database
 * costs, whatever the sync server does — the floor under bench:sync's "DB bytes / update
 * byte" and its latency.
 *
 * Starts the embedded FerretDB (as the server does) and appends to the real update log
 * (`MongoDocumentStore.append`, the `docupdates` collection and its indexes) one commit
 * after another, each holding 1, 10 or 100 updates of 28 bytes (a keystroke's update is
 * 20–40 bytes). Reports, per commit size: bytes the database process wrote to disk
 * (/proc/<pid>/io write_bytes, its WAL and checkpoints included) per commit and per update
 * byte, the commit's latency, and the CPU one commit costs in this process (what the
 * server's append costs: the driver, BSON) and in the database process.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { collabModels } from '../server/collab/collab.model.js';
import { MongoDocumentStore } from '../server/collab/store.js';
import { startFerretDb } from '../server/db/ferretdb.js';
import { createLogger } from '../server/logger.js';
import { childPids, cpuSeconds, machine, writtenBytes } from './lib/proc.js';
import { markdownTable, writeDocSection } from './lib/report.js';
import { quantile, round } from './lib/stats.js';

const { values } = parseArgs({
  options: { commits: { type: 'string', default: '1000' }, write: { type: 'boolean', default: false } },
});
const ROOT = path.resolve(import.meta.dirname, '..');
const UPDATE_BYTES = 28;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const commits = Number(values.commits);

const dataDir = mkdtempSync(path.join(tmpdir(), 'roundtable-dbfloor-'));
const db = await startFerretDb({
  bin: process.env.FERRETDB_BIN ?? path.join(ROOT, '.cache', 'bin', 'ferretdb'),
  dataDir,
  logger: createLogger('warn'),
});
const dbPid = childPids(process.pid).find((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ferretdb')!;
const conn = await mongoose.createConnection(db.uri, { dbName: 'dbfloor' }).asPromise();
const models = collabModels(conn);
await Promise.all(Object.values(models).map((m) => m.syncIndexes()));
const store = new MongoDocumentStore(models);

const update = () => Uint8Array.from({ length: UPDATE_BYTES }, () => Math.floor(Math.random() * 256));
const rows: (string | number)[][] = [];
// the append's code optimized first (its CPU per commit halves after about a thousand)
for (let seq = 1; seq <= 2000; seq++) await store.append('room-dbfloor-warm-up', seq, [update()]);
for (const perCommit of [1, 10, 100]) {
  const n = Math.max(20, Math.round(commits / Math.sqrt(perCommit)));
  const name = `room-dbfloor${perCommit}`;
  let seq = 1;
  // warm: the collection and its pages exist
  for (let i = 0; i < 20; i++, seq += perCommit)
    await store.append(name, seq, Array.from({ length: perCommit }, update));
  await new Promise((resolve) => setTimeout(resolve, 500));
  // made before the clock starts: only the appends count
  const batches = Array.from({ length: n }, () => Array.from({ length: perCommit }, update));
  const authors = Array.from({ length: perCommit }, () => '0123456789abcdef01234567');
  const io0 = writtenBytes(dbPid);
  const cpu0 = process.cpuUsage();
  const dbCpu0 = cpuSeconds([dbPid]);
  const ms: number[] = [];
  for (let i = 0; i < n; i++, seq += perCommit) {
    const t0 = performance.now();
    await store.append(name, seq, batches[i]!, authors);
    ms.push(performance.now() - t0);
  }
  const ownCpu = process.cpuUsage(cpu0);
  const dbCpu = cpuSeconds([dbPid]) - dbCpu0;
  // what the database writes later for these commits (its WAL checkpoint) counts too
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const bytes = writtenBytes(dbPid) - io0;
  const perCommitBytes = bytes / n;
  const result = {
    updatesPerCommit: perCommit,
    commits: n,
    bytesPerCommit: perCommitBytes,
    bytesPerUpdateByte: perCommitBytes / (perCommit * UPDATE_BYTES),
    p50Ms: quantile(sorted(ms), 0.5),
    p99Ms: quantile(sorted(ms), 0.99),
    /** CPU per commit in this process (the server's side of an append: driver, BSON) and in the database. */
    nodeCpuUs: (ownCpu.user + ownCpu.system) / n,
    dbCpuUs: (dbCpu * 1e6) / n,
  };
  console.log(JSON.stringify(result));
  rows.push([
    perCommit,
    n,
    round(perCommitBytes / 1024, 3),
    round(result.bytesPerUpdateByte, 3),
    round(result.p50Ms, 3),
    round(result.p99Ms, 3),
    Math.round(result.nodeCpuUs),
    Math.round(result.dbCpuUs),
  ]);
}
await conn.close();
await db.stop();
rmSync(dataDir, { recursive: true, force: true });

const table = markdownTable(
  [
    'updates per commit (28 B each)',
    'commits',
    'KiB written per commit',
    'bytes written per update byte',
    'p50 ms',
    'p99 ms',
    'CPU µs per commit: server process',
    'CPU µs per commit: database',
  ],
  rows,
);
const m = machine();
const summary = `Measured ${new Date().toISOString().slice(0, 10)} on ${m.nproc} × ${m.cpu}, Node ${m.node}, load average ${round(m.load, 2)} at the end (\`npm run bench:db\`).`;
console.log(`\n${summary}\n\n${table}`);
if (values.write) writeDocSection('dbfloor', `${summary}\n\n${table}`);
process.exit(0);
