/**
 * `npm run bench:collab [-- --ops N]`: replays a real editing trace (the
 * automerge-paper keystrokes, 259,778 operations) through a stock y-websocket
 * provider into the real server and embedded FerretDB, and reports:
 * throughput until every edit is durably stored and seen by a second client,
 * how the group commit batched the writes, storage after compaction, the time
 * to load the document after a restart, and memory.
 *
 * The trace comes from ../shared/data (or BENCH_TRACE). Numbers are printed as
 * one JSON line at the end so runs can be compared.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createApp, type App } from '../../server/app.js';
import { hashPassword } from '../../server/auth/password.js';
import { loadConfig, PROJECT_ROOT } from '../../server/config.js';
import { startFerretDb } from '../../server/db/ferretdb.js';
import { createLogger } from '../../server/logger.js';
import { MESSAGE_SAVED } from '../../shared/collab.js';

interface Trace {
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

const { values } = parseArgs({ options: { ops: { type: 'string' } } });
const tracePath =
  process.env.BENCH_TRACE ?? path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'automerge-paper.json.gz');
if (!existsSync(tracePath)) {
  console.error(`trace not found at ${tracePath}; set BENCH_TRACE`);
  process.exit(2);
}
const trace = JSON.parse(gunzipSync(readFileSync(tracePath)).toString()) as Trace;
const txns = values.ops ? trace.txns.slice(0, Number(values.ops)) : trace.txns;
const expected = values.ops ? null : trace.endContent;

const dataDir = mkdtempSync(path.join(tmpdir(), 'roundtable-bench-'));
const logger = createLogger('warn');
const db = await startFerretDb({ bin: path.join(PROJECT_ROOT, '.cache', 'bin', 'ferretdb'), dataDir, logger });
const base = loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: randomBytes(32).toString('hex') });
const config = {
  ...base,
  // the replay sends far faster than any person types: measure storage, not the per-connection limit
  collab: { ...base.collab, burstBytes: 2 ** 30, bytesPerSecond: 2 ** 30 },
  port: 0,
  mongodbUri: db.uri,
  seedDemo: false,
  logLevel: 'warn' as const,
  clientDist: undefined,
};

async function boot(): Promise<{ app: App; url: string }> {
  const app = await createApp(config, logger);
  return { app, url: await app.listen() };
}

let { app, url } = await boot();
const password = 'benchmark passphrase';
const user = await app.models.User.create({
  email: 'bench@bench.test',
  name: 'Bench',
  passwordHash: await hashPassword(password),
  color: '#000',
  isAdmin: true,
});
const group = await app.models.Group.create({ name: 'Bench group', kind: 'working_group' });
const documentName = `room-${randomUUID()}`;
await app.models.Room.create({ title: 'Bench', groupId: group._id, documentName, languages: ['en'] });
void user;

async function cookie(): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@bench.test', password }),
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

function provider(sessionCookie: string, params: Record<string, string> = {}) {
  const doc = new Y.Doc();
  const WS = class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie: sessionCookie } });
    }
  };
  const p = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/collab`, documentName, doc, {
    WebSocketPolyfill: WS as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
  });
  const synced = new Promise<void>((resolve) => p.once('sync', () => resolve()));
  return { doc, p, synced };
}

async function until(check: () => boolean, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sessionCookie = await cookie();
const writer = provider(sessionCookie, { saved: '1' });
let stored = 0;
writer.p.messageHandlers[MESSAGE_SAVED] = (_e, decoder) => {
  stored = decoding.readVarUint(decoder);
};
const reader = provider(sessionCookie);
await Promise.all([writer.synced, reader.synced]);
// acknowledgements of the initial sync, counted before the replay starts
const baseline = stored;

const text = writer.doc.getText('content');
const started = performance.now();
for (const txn of txns) {
  writer.doc.transact(() => {
    for (const [pos, del, ins] of txn.patches) {
      if (del) text.delete(pos, del);
      if (ins) text.insert(pos, ins);
    }
  });
}
const sentAt = performance.now();
const finalText = text.toString();
await until(() => stored >= baseline + txns.length);
const storedAt = performance.now();
await until(
  () =>
    reader.doc.getText('content').length === finalText.length && reader.doc.getText('content').toString() === finalText,
);
const convergedAt = performance.now();
if (expected !== null && finalText !== expected) throw new Error('replayed text differs from the trace');

const logRecords = await app.models.DocUpdate.countDocuments({ doc: documentName });
writer.p.destroy();
reader.p.destroy();
await app.close();

// a restart: load the document from storage for a new client
({ app, url } = await boot());
const rssBefore = process.memoryUsage().rss;
const loadStarted = performance.now();
const late = provider(await cookie());
await late.synced;
await until(() => late.doc.getText('content').length === finalText.length);
const loadMs = performance.now() - loadStarted;
if (late.doc.getText('content').toString() !== finalText) throw new Error('reloaded text differs');
const rssAfter = process.memoryUsage().rss;
late.p.destroy();
const head = await app.models.DocHead.findById(documentName).lean();
const parts = await app.models.DocSnapshotPart.find({ doc: documentName }).lean();
// lean() gives BSON Binary for Buffer fields
const snapshotBytes = parts.reduce((n, p) => n + (p.data as unknown as { position: number }).position, 0);
await app.close();
await db.stop();
rmSync(dataDir, { recursive: true, force: true });

const result = {
  ops: txns.length,
  finalChars: finalText.length,
  clientApplyMs: Math.round(sentAt - started),
  allStoredMs: Math.round(storedAt - started),
  convergedMs: Math.round(convergedAt - started),
  storedOpsPerSecond: Math.round(txns.length / ((storedAt - started) / 1000)),
  logRecordsAfterRun: logRecords,
  snapshotUpToSeq: head?.upToSeq ?? 0,
  snapshotBytes,
  reloadMs: Math.round(loadMs),
  reloadRssDeltaMiB: Math.round((rssAfter - rssBefore) / 1048576),
};
console.log(`\nReplayed ${result.ops} operations (${result.finalChars} characters):`);
console.log(`  every edit stored:   ${result.allStoredMs} ms (${result.storedOpsPerSecond} ops/s)`);
console.log(`  second client equal: ${result.convergedMs} ms`);
console.log(`  reload after restart: ${result.reloadMs} ms, snapshot ${result.snapshotBytes} bytes`);
console.log(JSON.stringify(result));
process.exit(0);
