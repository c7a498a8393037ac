/**
 * `npm run bench:shadow [-- --ops N or all (20,000)] [-- --docs N] [-- --reps N] [-- --write]`: what the
 * collab server's shadow document (server/collab/document.ts) costs. The shadow is a
 * second Y.Doc per loaded document on which each client update is tried, and judged by
 * the kind's validator, before it is stored.
 *
 * - CPU per update: the automerge-paper trace typed into an empty document, one update
 *   per keystroke, each through the real `SharedDocument.handleMessage` and stored in
 *   the in-memory store before the next one (no compaction). "Without" replaces the
 *   private `tryOnShadow` with one that accepts everything, for this process only; the
 *   variants alternate, each on a fresh document.
 * - Memory per document: N documents loaded with the full trace state; heap (after GC)
 *   with them, then again after each one's shadow is destroyed and dropped.
 *
 * Needs `--expose-gc` (the npm script passes it). Nothing in the server changes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
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
import { traceState } from './lib/trace.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string' },
    docs: { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' },
    write: { type: 'boolean', default: false },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:shadow does)');

const TRACE =
  process.env.BENCH_TRACE ?? path.resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'automerge-paper.json.gz');
const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString()) as {
  txns: { patches: [number, number, string][] }[];
};

/** One Yjs update per keystroke of the trace, as a client typing it sends them. */
function keystrokeUpdates(limit: number): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText('content');
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const txn of trace.txns.slice(0, limit)) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      }
    });
  }
  return updates;
}

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

type Internals = { tryOnShadow(update: Uint8Array): string | null; shadow: Y.Doc | null };
const proto = SharedDocument.prototype as unknown as Internals;
const withShadow = proto.tryOnShadow;
/** CPU spent in the shadow step itself (apply to the shadow, ask the validator), in the "with" runs (µs). */
let shadowCpuUs = 0;
function timedShadow(this: Internals, update: Uint8Array): string | null {
  const t0 = process.cpuUsage();
  try {
    return withShadow.call(this, update);
  } finally {
    const t = process.cpuUsage(t0);
    shadowCpuUs += t.user + t.system;
  }
}
const setShadow = (on: boolean) => (proto.tryOnShadow = on ? timedShadow : () => null);

/** CPU µs per update (and wall µs) for typing `frames` into a fresh document. */
async function typeTrace(
  frames: Uint8Array[],
  on: boolean,
  rep: number,
): Promise<{ cpuUs: number; wallUs: number; shadowStepUs: number }> {
  setShadow(on);
  shadowCpuUs = 0;
  const store = new MemoryDocumentStore();
  const doc = open(store, `bench-${on ? 'with' : 'without'}-${rep}`);
  const conn = new CollabConnection(fakeSocket as never, actor, '#000000', [], true, false);
  gc!();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of frames) {
    doc.handleMessage(conn, f);
    await doc.settle();
  }
  const wallUs = ((performance.now() - t0) * 1000) / frames.length;
  const cpu = process.cpuUsage(cpu0);
  if (conn.stored !== frames.length) throw new Error(`stored ${conn.stored} of ${frames.length}`);
  doc.destroy();
  setShadow(true);
  return { cpuUs: (cpu.user + cpu.system) / frames.length, wallUs, shadowStepUs: shadowCpuUs / frames.length };
}

const ops = values.ops === 'all' ? trace.txns.length : Number(values.ops ?? 20_000);
const reps = Number(values.reps);
const frames = keystrokeUpdates(ops).map(frame);
const cpuRuns: Record<'with' | 'without', { cpuUs: number; wallUs: number; shadowStepUs: number }[]> = {
  with: [],
  without: [],
};
for (let rep = 0; rep < reps; rep++) {
  for (const on of rep % 2 ? [false, true] : [true, false]) {
    const r = await typeTrace(frames, on, rep);
    cpuRuns[on ? 'with' : 'without'].push(r);
    console.log(JSON.stringify({ scenario: 'type trace', shadow: on, updates: frames.length, ...r }));
  }
}

// memory: N documents holding the whole trace, with and then without their shadows
const { state, chars } = traceState();
const docsN = Number(values.docs);
const fullGc = () => {
  for (let i = 0; i < 3; i++) gc();
};
fullGc();
const heap0 = process.memoryUsage().heapUsed;
const store = new MemoryDocumentStore();
const docs = Array.from({ length: docsN }, (_, i) => open(store, `bench-mem-${i}`, [state]));
// the shadow is built when the first update is tried: an empty one builds it
for (const d of docs) (d as unknown as Internals).tryOnShadow(Y.encodeStateAsUpdate(new Y.Doc()));
fullGc();
const heapWith = process.memoryUsage().heapUsed;
for (const d of docs) {
  const internals = d as unknown as Internals;
  internals.shadow!.destroy();
  internals.shadow = null;
}
fullGc();
const heapWithout = process.memoryUsage().heapUsed;
const perDocWith = (heapWith - heap0) / docsN;
const perDocWithout = (heapWithout - heap0) / docsN;
console.log(
  JSON.stringify({ scenario: 'memory', docs: docsN, stateBytes: state.length, chars, perDocWith, perDocWithout }),
);

const med = (k: 'with' | 'without', key: 'cpuUs' | 'wallUs' | 'shadowStepUs') => median(cpuRuns[k].map((r) => r[key]));
const kb = (b: number) => round(b / 1024, 3);
const table = markdownTable(
  ['measure', 'with shadow', 'without', 'shadow’s share'],
  [
    [
      `CPU µs per update (typing the trace, ${frames.length.toLocaleString('en')} updates)`,
      round(med('with', 'cpuUs')),
      round(med('without', 'cpuUs')),
      `+${round(med('with', 'cpuUs') - med('without', 'cpuUs'))} µs (${round((med('with', 'cpuUs') / med('without', 'cpuUs') - 1) * 100, 2)} %)`,
    ],
    [
      'the shadow step alone (apply to the shadow, validator), CPU µs per update',
      round(med('with', 'shadowStepUs')),
      '–',
      `${round((med('with', 'shadowStepUs') / med('with', 'cpuUs')) * 100, 2)} % of the CPU with it`,
    ],
    [
      'wall µs per update',
      round(med('with', 'wallUs')),
      round(med('without', 'wallUs')),
      `+${round(med('with', 'wallUs') - med('without', 'wallUs'))} µs`,
    ],
    [
      `heap KiB per loaded document (trace state, ${kb(state.length)} KiB, ${chars.toLocaleString('en')} chars)`,
      kb(perDocWith),
      kb(perDocWithout),
      `+${kb(perDocWith - perDocWithout)} KiB (${round((perDocWith / perDocWithout - 1) * 100, 2)} %)`,
    ],
  ],
);
const m = machine();
const summary = `Measured ${new Date().toISOString().slice(0, 10)} on ${m.nproc} × ${m.cpu}, Node ${m.node} (load average ${round(m.load, 2)} at the end), medians of ${reps} runs per variant, memory over ${docsN} documents (\`npm run bench:shadow\`).`;
console.log(`\n${summary}\n\n${table}`);
if (values.write) writeDocSection('shadow', `${summary}\n\n${table}`);
// the documents' awareness timers would keep the process alive
process.exit(0);
