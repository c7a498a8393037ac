/**
 * `npm run bench:cold [-- --write]`: how long a fresh stock client waits for a
 * large stored document after a restart. The automerge-paper trace, ×1, ×10 and
 * ×100 (as many clients), is stored through the sync endpoint of Roundtable's real
 * server (core 0); the server restarts; a stock y-websocket provider (core 1)
 * connects and must not report `sync` before it holds all the stored content.
 * Compared with a bare Y.applyUpdate of the same state in this process.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE_SAVED, SAVED_QUERY_PARAM } from '../shared/collab.js';
import { machine, pinSelf } from './lib/proc.js';
import { markdownTable, writeDocSection } from './lib/report.js';
import { median, round, waitFor } from './lib/stats.js';
import { startTarget, type RunningTarget } from './lib/targets.js';
import { asClient, traceState } from './lib/trace.js';

const { values } = parseArgs({
  options: { write: { type: 'boolean', default: false }, copies: { type: 'string', default: '1,10,100' } },
});
pinSelf(1);
const { state, chars } = traceState();

/** Sends each update as a sync message and waits until the server says all are stored. */
async function store(target: RunningTarget, updates: Uint8Array[]): Promise<void> {
  const ws = new WebSocket(`${target.serverUrl}/${target.room}?${SAVED_QUERY_PARAM}=1`, { headers: target.headers });
  let saved = 0;
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(data);
    if (decoding.readVarUint(d) === MESSAGE_SAVED) saved = decoding.readVarUint(d);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  for (const update of updates) {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
    ws.send(encoding.toUint8Array(e));
  }
  let closed = '';
  ws.on('close', (code, reason) => (closed = `${code} ${reason.toString()}`));
  // setup: on a busy machine storing ×100 takes many minutes
  const stored = await waitFor(() => saved >= updates.length || closed !== '', 1_800_000, 50);
  if (!stored || closed)
    throw new Error(`${saved} of ${updates.length} updates stored; connection ${closed || 'open'}`);
  ws.close();
}

/** Starts bench/lib/stallProbe.ts (in its own process); `stop` resolves with the longest answer in ms. */
function stallProbe(url: string): { ready: Promise<void>; stop(): Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/stallProbe.ts', url], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('READY')) markReady();
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    ready,
    async stop() {
      child.stdin.end();
      await exited;
      return Number(/STALL (\d+)/.exec(out)?.[1] ?? NaN);
    },
  };
}

/** A fresh stock client: ms until `sync`, and whether it held everything at that moment. */
async function coldLoad(target: RunningTarget, expected: string) {
  const doc = new Y.Doc();
  const headers = target.headers;
  const WS = class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
  let closes = 0;
  // any unknown path: answered (404) by the event loop alone, no database
  const probe = stallProbe(`${target.httpUrl}/api/stall-probe`);
  await probe.ready;
  const started = performance.now();
  const provider = new WebsocketProvider(target.serverUrl, target.room, doc, {
    WebSocketPolyfill: WS as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  provider.on('connection-close', () => closes++);
  const contentAtSync = await new Promise<string>((resolve) =>
    provider.once('sync', () => resolve(doc.getText('content').toString())),
  );
  const ms = performance.now() - started;
  const closedBeforeSync = closes;
  provider.destroy();
  const longestStallMs = await probe.stop();
  return { ms, complete: contentAtSync === expected, watchdogCloses: closedBeforeSync, longestStallMs };
}

const rows: (string | number)[][] = [];
for (const copies of values.copies.split(',').map(Number)) {
  const updates = Array.from({ length: copies }, (_, i) => asClient(state, 1_000_000 + i));
  const merged = Y.mergeUpdates(updates);
  const applyTimes: number[] = [];
  let expected = '';
  for (let i = 0; i < (copies >= 100 ? 1 : 3); i++) {
    const t = performance.now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, merged);
    applyTimes.push(performance.now() - t);
    expected = doc.getText('content').toString();
  }
  if (expected.length !== copies * chars)
    throw new Error(`expected ${copies * chars} characters, got ${expected.length}`);
  const bareMs = median(applyTimes);

  // storing the copies is setup: a loaded machine must not fail it on the write timeout
  const target = await startTarget('roundtable', 0, {
    COLLAB_BURST_BYTES: String(256 * 1024 * 1024),
    COLLAB_WRITE_TIMEOUT_MS: String(300_000),
  });
  try {
    await store(target, updates);
    await target.restart!();
    const load = await coldLoad(target, expected);
    const result = { copies, stateBytes: merged.byteLength, bareApplyMs: bareMs, ...load, ratio: load.ms / bareMs };
    console.log(JSON.stringify(result));
    if (!load.complete) throw new Error(`×${copies}: the client saw sync before the stored content`);
    rows.push([
      `×${copies}`,
      round(merged.byteLength / 1048576, 3),
      round(bareMs),
      round(load.ms),
      `${round(result.ratio, 2)}×`,
      load.complete ? 'yes' : 'NO',
      load.watchdogCloses,
      round(load.longestStallMs),
    ]);
  } finally {
    await target.stop();
  }
}

const table = markdownTable(
  [
    'trace',
    'state MiB (V1)',
    'bare Y.applyUpdate ms',
    'cold load ms',
    '× bare',
    'complete at sync',
    'connection closes',
    'longest server stall ms',
  ],
  rows,
);
const m = machine();
const summary = `Measured ${new Date().toISOString().slice(0, 10)} on ${m.nproc} × ${m.cpu}, Node ${m.node} (load average ${round(m.load, 2)}); server on core 0, client and bare apply on core 1 (\`npm run bench:cold\`).`;
console.log(`\n${summary}\n\n${table}`);
if (values.write) writeDocSection('cold', `${summary}\n\n${table}`);
process.exit(0);
