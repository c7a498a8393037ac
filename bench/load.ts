/**
 * One run of the load generator (spawned by bench/sync.ts on the other core):
 * P clients join the target's room, E of them (real Y.Docs behind stock
 * providers) insert U characters per second each for S seconds, and the P − E
 * receivers time the arrival of every insert. The Yjs id of each insert (client,
 * clock) is its key: the editors note when they made it, the receivers find it
 * with Y.parseUpdateMeta. Prints one `RESULT {…}` line.
 */
import { get } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { openEditor, Receiver, type Editor, type TargetInfo } from './lib/clients.js';
import {
  coreBusySeconds,
  cpuSeconds,
  measureHeap,
  measureMemory,
  writtenBytes,
  type CollectedMemory,
} from './lib/proc.js';
import { quantile, sleep, waitFor } from './lib/stats.js';

export interface LoadSpec {
  target: TargetInfo & { pids: number[]; dbPid: number | null; helperPids?: number[] };
  participants: number;
  editors: number;
  rate: number;
  seconds: number;
  /**
   * Seconds of the same editing before the timed window, not measured: a target's code on the
   * edit path is compiled by then (a server started for the run otherwise pays its JIT's first
   * optimizations inside the window, which a long-running one paid once, long ago).
   */
  warmup?: number;
  /**
   * Where each editor inserts: `random`, a character anywhere in the text each time (the worst
   * case for Yjs: no two consecutive characters can merge, the document grows by ~15 bytes a
   * character); `cursor`, at its own caret, as people type (runs merge).
   */
  typing?: 'random' | 'cursor';
  serverCore: number;
  generatorCore: number;
  /** Also count what the connections hold from heap snapshots (`heapPerConnKB`). */
  heapSnapshots?: boolean;
}

export interface LoadResult {
  updates: number;
  updateBytes: number;
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  missing: number;
  cpuS: number;
  cpuPer1k: number;
  /** The part of `cpuPer1k` the kernel spent in the target's system calls (sockets, files, syncs). */
  systemCpuPer1k: number;
  /** The database process's share of `cpuPer1k` (null for targets without one). */
  dbCpuPer1k: number | null;
  /** Resident memory per participant: after the join minus before it, each after a full collection. */
  rssPerConnKB: number;
  /**
   * Memory the collector finds in use (JavaScript heap and external, Buffers included) per
   * connection: with everyone connected less with one left, after the timed window.
   */
  livePerConnKB: number;
  /** The same from heap snapshots (everything in them but compiled code); null unless asked for. */
  heapPerConnKB: number | null;
  joinMs: number;
  /** How long the target's processes stayed busy after the join (see waitForQuiet). */
  joinSettleMs: number;
  /** Bytes of the updates made from the warm-up's start to the window's end: the database ratios below count over that span. */
  storedUpdateBytes: number;
  /** Bytes the server and its database wrote to disk per byte of updates (/proc/<pid>/io write_bytes). */
  dbBytesPerUpdateByte: number | null;
  /** Bytes the server sent to its database per byte of updates, on the wire (null without a counting proxy). */
  dbSentBytesPerUpdateByte: number | null;
  /** The part of those in messages that write (insert, update, delete, findAndModify, bulkWrite), whole. */
  dbWrittenBytesPerUpdateByte: number | null;
  generatorCpuShare: number;
  generatorLagP99Ms: number;
  saturated: boolean;
  /** Share of a core that other processes used during the run (the machine is shared). */
  otherLoadServerCore: number;
  otherLoadGeneratorCore: number;
}

/** Waits until `pids` use under a tenth of a core over 250 ms, at most `ms`. */
async function waitForQuiet(pids: number[], ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  let before = cpuSeconds(pids);
  while (performance.now() < deadline) {
    await sleep(250);
    const now = cpuSeconds(pids);
    if (now - before < 0.025) return;
    before = now;
  }
}

/** Longer than the journal's copy interval (COLLAB_JOURNAL_FLUSH_MS, 1 s by default). */
const STORE_SETTLE_MS = 1300;

/**
 * What every participant's room page does before it connects the document, eight at a time:
 * `GET /api/auth/session` (index.html preloads it), then `room:join` over Socket.IO (the room's
 * document name comes in its answer). The Socket.IO connections stay open, as the pages' do;
 * the returned function closes them.
 */
async function openPages(target: LoadSpec['target'], participants: number): Promise<() => void> {
  const sockets: Socket[] = [];
  for (let i = 0; i < participants; i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, participants - i) }, async (_, k) => {
        const headers = target.participantHeaders?.[i + k] ?? target.headers;
        const page = headers.origin ?? target.httpUrl!;
        // a connection of its own, closed after the answer: no idle keep-alive socket is left on
        // the server to be freed during the join (it would read as negative memory per connection)
        const status = await new Promise<number>((resolve, reject) =>
          get(`${page}/api/auth/session`, { headers, agent: false }, (res) => {
            res.resume().once('end', () => resolve(res.statusCode ?? 0));
          }).once('error', reject),
        );
        if (status !== 200) throw new Error(`participant ${i + k}: session request answered ${status}`);
        if (!target.roomId) return;
        const socket = io(page, { transports: ['websocket'], extraHeaders: headers, reconnection: false });
        sockets.push(socket);
        const ack = (await socket.timeout(15_000).emitWithAck('room:join', { roomId: target.roomId })) as {
          ok: boolean;
        };
        if (!ack.ok) throw new Error(`participant ${i + k}: room:join answered ${JSON.stringify(ack)}`);
      }),
    );
  }
  return () => {
    for (const socket of sockets) socket.disconnect();
  };
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const { target, participants, editors: E, rate, seconds } = spec;
  const capacity = Math.ceil(rate * seconds) + 16;
  /** Per editor client id: its clock before the first insert and when each insert was made. */
  const sent = new Map<number, { index: number; base: number; times: Float64Array; count: number }>();
  const latencies: number[] = [];
  const receivedBy: number[] = [];
  let lastFrameAt = performance.now();

  // the server's own memory (not its database's), each time after a full garbage collection,
  // before the participants ask for anything: what they leave behind (e.g. a cache of their
  // sessions, which the join then uses) counts as theirs
  const serverPids = target.pids.filter((pid) => pid !== target.dbPid && !target.helperPids?.includes(pid));
  const before = await measureMemory(serverPids);
  // Roundtable's page asks for its session and joins the room before it connects its document:
  // every participant does so here, before the join is timed, and the server settles after it
  const closePages = target.httpUrl ? await openPages(target, participants) : () => undefined;
  await waitForQuiet(target.pids, 10_000);
  const joinStarted = performance.now();
  const receivers = Array.from({ length: participants - E }, (_, r) => {
    receivedBy.push(0);
    const seen = Array.from({ length: E }, () => new Uint8Array(capacity));
    const headers = target.participantHeaders?.[r] ?? target.headers;
    return new Receiver(
      target,
      (update) => {
        const now = performance.now();
        lastFrameAt = now;
        const meta = Y.parseUpdateMeta(update);
        for (const [client, from] of meta.from) {
          const log = sent.get(client);
          if (!log) continue;
          const to = meta.to.get(client) ?? from;
          const mine = seen[log.index]!;
          for (let clock = Math.max(from, log.base); clock < to; clock++) {
            const i = clock - log.base;
            if (i >= log.count || mine[i]) continue;
            mine[i] = 1;
            receivedBy[r]!++;
            latencies.push(now - log.times[i]!);
          }
        }
      },
      headers,
      target.participantUrls?.[r],
    );
  });
  const editors: Editor[] = Array.from({ length: E }, (_, e) =>
    openEditor(
      target,
      target.participantHeaders?.[participants - E + e] ?? target.headers,
      target.participantUrls?.[participants - E + e],
    ),
  );
  await Promise.all([...receivers.map((r) => r.ready), ...editors.map((e) => e.ready)]);
  const joinMs = performance.now() - joinStarted;
  // let the join settle (on the relay, editors answer each other's sync requests through it)
  await sleep(300);
  await waitFor(() => performance.now() - lastFrameAt > 300, 15_000);
  // and let the server finish what the join left it (e.g. recording 200 sessions' use, which
  // no request waits for): the timed window measures the edits, not the tail of the join
  const settleStarted = performance.now();
  await waitForQuiet(target.pids, 10_000);
  const joinSettleMs = performance.now() - settleStarted;
  const joined = await measureMemory(serverPids);

  const chars = 'abcdefghijklmnopqrstuvwxyz';
  /** With `typing: 'cursor'`, each editor's caret: after its last character, wherever others typed since. */
  const carets = new Map<Editor, Y.RelativePosition>();
  const caretOf = (editor: Editor) => {
    const text = editor.doc.getText('content');
    const caret = carets.get(editor);
    const at = caret ? Y.createAbsolutePositionFromRelativePosition(caret, editor.doc)?.index : undefined;
    return at ?? Math.floor(Math.random() * (text.length + 1));
  };
  /** Each editor inserts `rate` characters a second for `count` inserts, spread over the second; `onInsert` before each. */
  const edit = (count: number, onInsert?: (editor: Editor) => void) => {
    const started = performance.now();
    const interval = 1000 / rate;
    return Promise.all(
      editors.map(async (editor, index) => {
        const text = editor.doc.getText('content');
        const offset = (interval * index) / E;
        for (let k = 0; k < count; k++) {
          const due = started + offset + k * interval;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          onInsert?.(editor);
          const at = spec.typing === 'cursor' ? caretOf(editor) : Math.floor(Math.random() * (text.length + 1));
          text.insert(at, chars[k % chars.length]!);
          if (spec.typing === 'cursor') carets.set(editor, Y.createRelativePositionFromTypeIndex(text, at + 1));
        }
      }),
    );
  };
  // what the database is sent and the disk written count from the warm-up on, against every update
  // made since: an 8 s window catches a compaction or not, by chance; the longer span is nearer
  // what a room costs over its life
  let storedUpdateBytes = 0;
  let updateBytes = 0;
  let timing = false;
  for (const { doc } of editors) {
    doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      if (!tr.local) return;
      storedUpdateBytes += update.byteLength;
      if (timing) updateBytes += update.byteLength;
    });
  }
  // the server's own writes too: with its journal, an update reaches the disk there first
  const written = () => target.pids.reduce((sum, pid) => sum + writtenBytes(pid), 0);
  const io0 = target.dbPid ? written() : 0;
  // the process that runs the target counts what it sends its database: it reads its count at these marks
  console.log('MARK writes-start');
  const warmup = spec.warmup ?? 0;
  if (warmup > 0) {
    // receivers count only the editors' inserts noted in `sent`, which is empty yet
    await edit(Math.floor(rate * warmup));
    await waitFor(() => performance.now() - lastFrameAt > 300, 15_000);
    await waitForQuiet(target.pids, 10_000);
  }

  editors.forEach((editor, index) => {
    const { doc } = editor;
    sent.set(doc.clientID, {
      index,
      base: Y.getState(doc.store, doc.clientID),
      times: new Float64Array(capacity),
      count: 0,
    });
  });
  timing = true;

  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const cpu0 = cpuSeconds(target.pids);
  const systemCpu0 = cpuSeconds(target.pids, 'system');
  const dbCpu0 = target.dbPid ? cpuSeconds([target.dbPid]) : 0;
  const own0 = process.cpuUsage();
  const serverCore0 = coreBusySeconds(spec.serverCore);
  const generatorCore0 = coreBusySeconds(spec.generatorCore);
  const started = performance.now();
  const total = Math.floor(rate * seconds);
  await edit(total, (editor) => {
    const log = sent.get(editor.doc.clientID)!;
    log.times[log.count] = performance.now();
    log.count++;
  });
  const updates = E * total;
  await waitFor(() => receivedBy.every((n) => n >= updates), 10_000);
  // a server that copies its journal to the database in batches does so within a second:
  // that copy is part of what storing these updates cost
  if (target.dbPid) await sleep(STORE_SETTLE_MS);
  const wall = (performance.now() - started) / 1000;
  const cpuS = cpuSeconds(target.pids) - cpu0;
  const systemCpuS = cpuSeconds(target.pids, 'system') - systemCpu0;
  const dbCpuS = target.dbPid ? cpuSeconds([target.dbPid]) - dbCpu0 : null;
  const own = process.cpuUsage(own0);
  const serverCoreBusy = coreBusySeconds(spec.serverCore) - serverCore0;
  const generatorCoreBusy = coreBusySeconds(spec.generatorCore) - generatorCore0;
  lag.disable();
  await sleep(300);
  const io = target.dbPid ? written() - io0 : null;
  console.log('MARK window-end');

  // what the connections hold, at the margin: the memory the collector finds in use with
  // everyone connected, less with all but one editor gone (which keeps the document loaded),
  // so neither the setup's leftovers nor the document itself count
  const connected = await measureMemory(serverPids);
  const connectedHeap = spec.heapSnapshots ? await measureHeap(serverPids) : null;
  for (const r of receivers) r.close();
  for (const e of editors.slice(1)) e.close();
  await sleep(300);
  await waitForQuiet(target.pids, 10_000);
  const left = await measureMemory(serverPids);
  const leftHeap = spec.heapSnapshots ? await measureHeap(serverPids) : null;
  // compiled code is not something a connection holds: V8 compiles and throws code away on
  // its own schedule, by the tens of kilobytes between two readings
  const live = (m: CollectedMemory) => m.heapUsed - m.codeUsed + m.external;
  editors[0]?.close();
  closePages();

  const sorted = Float64Array.from(latencies).sort();
  const generatorCpuShare = (own.user + own.system) / 1e6 / wall;
  return {
    updates,
    updateBytes,
    samples: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    missing: receivedBy.reduce((n, got) => n + (updates - got), 0),
    cpuS,
    cpuPer1k: (cpuS / updates) * 1000,
    systemCpuPer1k: (systemCpuS / updates) * 1000,
    dbCpuPer1k: dbCpuS === null ? null : (dbCpuS / updates) * 1000,
    rssPerConnKB: (joined.rss - before.rss) / 1024 / participants,
    livePerConnKB: (live(connected) - live(left)) / 1024 / (participants - 1),
    heapPerConnKB:
      connectedHeap === null || leftHeap === null ? null : (connectedHeap - leftHeap) / 1024 / (participants - 1),
    joinMs,
    joinSettleMs,
    storedUpdateBytes,
    dbBytesPerUpdateByte: io === null ? null : io / storedUpdateBytes,
    dbSentBytesPerUpdateByte: null, // filled in by generate()
    dbWrittenBytesPerUpdateByte: null,
    generatorCpuShare,
    generatorLagP99Ms: lag.percentile(99) / 1e6,
    // the generator's core was busy nearly all the time, or its timers ran late: latencies include its queueing
    saturated: generatorCpuShare > 0.9 || lag.percentile(99) / 1e6 > 50,
    otherLoadServerCore: Math.max(0, serverCoreBusy - cpuS) / wall,
    otherLoadGeneratorCore: Math.max(0, generatorCoreBusy - (own.user + own.system) / 1e6) / wall,
  };
}

// every y-websocket provider adds a process 'exit' listener in Node; 20 editors are expected
process.setMaxListeners(0);
const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const result = await run(spec);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
