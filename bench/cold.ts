/**
 * `npm run bench:cold [-- --write]`: how long a fresh stock client waits for a
 * large stored document after a restart. The automerge-paper trace, ×1, ×10 and
 * ×100 (as many clients), is stored through the sync endpoint of Roundtable's real
 * server (core 0); the server restarts; a stock y-websocket provider (core 1, in a
 * fresh process like a browser tab) connects and must not report `sync` before it
 * holds all the stored content. Compared with a bare Y.applyUpdate of the same state,
 * also in a fresh process (bench/lib/coldClient.ts).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
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

/**
 * A bench script in a process of its own (on this core): `ready` once it printed READY, `exited`
 * with its exit code; `output()` is what it printed so far. Its stdin is a pipe.
 */
function child(script: string, arg: string) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, arg], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('READY')) markReady();
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve));
  return { stdin: proc.stdin, ready, exited, output: () => out };
}

/** Starts bench/lib/stallProbe.ts; `stop` resolves with the longest answer in ms. */
function stallProbe(url: string): { ready: Promise<void>; stop(): Promise<number> } {
  const probe = child('bench/lib/stallProbe.ts', url);
  return {
    ready: probe.ready,
    async stop() {
      probe.stdin.end();
      await probe.exited;
      return Number(/STALL (\d+)/.exec(probe.output())?.[1] ?? NaN);
    },
  };
}

type ColdClientConfig =
  | { mode: 'client'; serverUrl: string; room: string; headers: Record<string, string>; expectedSha256: string }
  | { mode: 'bare'; file: string };

/**
 * Runs bench/lib/coldClient.ts (a fresh process, like a browser tab) and resolves with its
 * result; `beforeStart` runs once its start-up is over, before it is told to start.
 */
async function inFreshProcess<T>(config: ColdClientConfig, beforeStart = async () => {}): Promise<T> {
  const client = child('bench/lib/coldClient.ts', JSON.stringify(config));
  await Promise.race([client.ready, client.exited]);
  await beforeStart();
  client.stdin.write('go\n');
  const code = await client.exited;
  const line = client
    .output()
    .split('\n')
    .find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line)
    throw new Error(`coldClient (${config.mode}) exited with ${String(code)}:\n${client.output()}`);
  return JSON.parse(line.slice('RESULT '.length)) as T;
}

/** A fresh stock client: ms until `sync`, whether it held everything at that moment, and the server's longest stall meanwhile. */
async function coldLoad(target: RunningTarget, expected: string) {
  const config: ColdClientConfig = {
    mode: 'client',
    serverUrl: target.serverUrl,
    room: target.room,
    headers: target.headers,
    expectedSha256: createHash('sha256').update(expected).digest('hex'),
  };
  let probe: ReturnType<typeof stallProbe> | undefined;
  const result = await inFreshProcess<{
    ms: number;
    openMs: number;
    firstFrameMs: number;
    complete: boolean;
    watchdogCloses: number;
  }>(config, async () => {
    // any unknown path: answered (404) by the event loop alone, no database
    probe = stallProbe(`${target.httpUrl}/api/stall-probe`);
    await probe.ready;
  });
  const longestStallMs = await probe!.stop();
  return { ...result, longestStallMs };
}

/** A bare Y.applyUpdate of `update` in a fresh process, in ms. */
async function bareApply(update: Uint8Array): Promise<number> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'roundtable-cold-')), 'state.bin');
  writeFileSync(file, update);
  try {
    const { ms } = await inFreshProcess<{ ms: number }>({ mode: 'bare', file });
    return ms;
  } finally {
    rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

const rows: (string | number)[][] = [];
for (const copies of values.copies.split(',').map(Number)) {
  const updates = Array.from({ length: copies }, (_, i) => asClient(state, 1_000_000 + i));
  const merged = Y.mergeUpdates(updates);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, merged);
  const expected = doc.getText('content').toString();
  doc.destroy();
  if (expected.length !== copies * chars)
    throw new Error(`expected ${copies * chars} characters, got ${expected.length}`);
  // in a fresh process, like the client: a process that applied it before runs optimized code
  const applyTimes: number[] = [];
  for (let i = 0; i < (copies >= 100 ? 1 : 3); i++) applyTimes.push(await bareApply(merged));
  const bareMs = median(applyTimes);

  // storing the copies is setup: a loaded machine must not fail it on the write timeout
  const target = await startTarget('roundtable', 0, {
    COLLAB_BURST_BYTES: String(256 * 1024 * 1024),
    COLLAB_WRITE_TIMEOUT_MS: String(300_000),
    // the server's default, not the bench's: the stored copies reach the restart as stored,
    // not compacted by an unload in the moments between the upload and the restart
    COLLAB_UNLOAD_DELAY_MS: '30000',
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
      `${round(load.openMs)} / ${round(load.firstFrameMs)}`,
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
    'socket open / first frame at ms',
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
