/**
 * `npm run bench:document [-- --ops N or all (20,000)] [-- --docs N] [-- --reps N] [-- --write]`: what a
 * loaded document of the collab server (server/collab/document.ts) costs beside a bare Y.Doc.
 *
 * - CPU per update: the automerge-paper trace typed into an empty document, one update
 *   per keystroke, each through the real `SharedDocument.handleMessage` and stored in
 *   the in-memory store before the next one (no compaction, no connection to forward to);
 *   beside it, the same updates applied to a bare Y.Doc (`Y.applyUpdate`). The variants
 *   alternate.
 * - Memory per document: N documents loaded with the full trace state, heap after GC,
 *   against N bare Y.Docs holding the same state.
 *
 * Needs `--expose-gc` (the npm script passes it). Nothing in the server changes.
 */
import { parseArgs } from 'node:util';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../shared/collab.js';
import { CollabConnection } from '../server/collab/connection.js';
import { SharedDocument } from '../server/collab/document.js';
import type { DocumentKind } from '../server/collab/kinds.js';
import { MemoryDocumentStore } from '../server/collab/memoryStore.js';
import { createLogger } from '../server/logger.js';
import { machine } from './lib/proc.js';
import { markdownTable, writeDocSection } from './lib/report.js';
import { median, round } from './lib/stats.js';
import { keystrokeUpdates, traceState } from './lib/trace.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string' },
    docs: { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' },
    write: { type: 'boolean', default: false },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:document does)');
const fullGc = () => {
  for (let i = 0; i < 3; i++) gc();
};

function frame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

const kind: DocumentKind = { prefix: 'bench', authorize: async () => ({ canWrite: true, resourceIds: [] }) };
const logger = createLogger('silent');
const fakeSocket = { readyState: 1, OPEN: 1, bufferedAmount: 0, send() {}, close() {}, terminate() {} };
const actor = { id: 'bench', name: 'Bench', isAdmin: false };

function open(store: MemoryDocumentStore, name: string, updates: Uint8Array[] = []): SharedDocument {
  return new SharedDocument(name, kind, store, logger, Number.MAX_SAFE_INTEGER, {
    updates,
    lastSeq: 0,
    updatesSinceSnapshot: 0,
    headVersion: 0,
  });
}

const cpuNow = () => {
  const t = process.cpuUsage();
  return t.user + t.system;
};

/** CPU and wall µs per update for typing the trace through the server's document. */
async function typeThroughServer(frames: Uint8Array[], rep: number) {
  const doc = open(new MemoryDocumentStore(), `bench-${rep}`);
  const conn = new CollabConnection(fakeSocket as never, actor, '#000000', [], true, false);
  fullGc();
  const cpu0 = cpuNow();
  const t0 = performance.now();
  for (const f of frames) {
    doc.handleMessage(conn, f);
    await doc.settle();
  }
  const wallUs = ((performance.now() - t0) * 1000) / frames.length;
  const cpuUs = (cpuNow() - cpu0) / frames.length;
  if (conn.stored !== frames.length) throw new Error(`stored ${conn.stored} of ${frames.length}`);
  doc.destroy();
  return { cpuUs, wallUs };
}

/** CPU µs per update for applying the same updates to a bare Y.Doc. */
function applyBare(updates: Uint8Array[]) {
  const doc = new Y.Doc();
  fullGc();
  const cpu0 = cpuNow();
  for (const u of updates) Y.applyUpdate(doc, u);
  const cpuUs = (cpuNow() - cpu0) / updates.length;
  doc.destroy();
  return { cpuUs };
}

const ops = values.ops === 'all' ? undefined : Number(values.ops ?? 20_000);
const reps = Number(values.reps);
const updates = keystrokeUpdates(ops);
const frames = updates.map(frame);
const server: { cpuUs: number; wallUs: number }[] = [];
const bare: { cpuUs: number }[] = [];
for (let rep = 0; rep < reps; rep++) {
  const s = await typeThroughServer(frames, rep);
  const b = applyBare(updates);
  server.push(s);
  bare.push(b);
  console.log(JSON.stringify({ scenario: 'type trace', updates: frames.length, server: s, bare: b }));
}

// memory: N documents holding the whole trace, then N bare Y.Docs holding it
const { state, chars } = traceState();
const docsN = Number(values.docs);
fullGc();
const heap0 = process.memoryUsage().heapUsed;
const store = new MemoryDocumentStore();
const docs = Array.from({ length: docsN }, (_, i) => open(store, `bench-mem-${i}`, [state]));
// an edit on each, as a document being worked on
const conn = new CollabConnection(fakeSocket as never, actor, '#000000', [], true, false);
const edit = new Y.Doc();
Y.applyUpdate(edit, state);
const before = Y.encodeStateVector(edit);
edit.getText('content').insert(0, 'x');
const oneEdit = frame(Y.encodeStateAsUpdate(edit, before));
for (const d of docs) {
  d.handleMessage(conn, oneEdit);
  await d.settle();
}
fullGc();
const perDoc = (process.memoryUsage().heapUsed - heap0) / docsN;
for (const d of docs) d.destroy();
docs.length = 0;
fullGc();
const heap1 = process.memoryUsage().heapUsed;
const bareDocs = Array.from({ length: docsN }, () => {
  const d = new Y.Doc();
  Y.applyUpdate(d, state);
  return d;
});
fullGc();
const perBareDoc = (process.memoryUsage().heapUsed - heap1) / docsN;
console.log(JSON.stringify({ scenario: 'memory', docs: docsN, stateBytes: state.length, chars, perDoc, perBareDoc }));
bareDocs.forEach((d) => d.destroy());

const med = <T>(rows: T[], key: keyof T) => median(rows.map((r) => r[key] as number));
const kb = (b: number) => round(b / 1024, 3);
const table = markdownTable(
  ['measure', 'server document', 'bare Y.Doc', 'ratio'],
  [
    [
      `CPU µs per update (typing the trace, ${frames.length.toLocaleString('en')} updates, stored in memory)`,
      round(med(server, 'cpuUs')),
      round(med(bare, 'cpuUs')),
      `${round(med(server, 'cpuUs') / med(bare, 'cpuUs'), 2)}×`,
    ],
    ['wall µs per update', round(med(server, 'wallUs')), '–', '–'],
    [
      `heap KiB per loaded document (trace state, ${kb(state.length)} KiB, ${chars.toLocaleString('en')} chars)`,
      kb(perDoc),
      kb(perBareDoc),
      `${round(perDoc / perBareDoc, 2)}×`,
    ],
  ],
);
const m = machine();
const summary = `Measured ${new Date().toISOString().slice(0, 10)} on ${m.nproc} × ${m.cpu}, Node ${m.node} (load average ${round(m.load, 2)} at the end), medians of ${reps} runs, memory over ${docsN} documents (\`npm run bench:document\`).`;
console.log(`\n${summary}\n\n${table}`);
if (values.write) writeDocSection('document', `${summary}\n\n${table}`);
// the documents' awareness timers would keep the process alive
process.exit(0);
