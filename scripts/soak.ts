/**
 * `npm run test:soak`: many connections editing lightly for a long time against
 * the production server process (embedded FerretDB), sampling the server's memory
 * every 10 s (see test/soak/run.ts). Not part of scripts/test or CI.
 *
 *   SOAK_MINUTES (30)          how long the clients edit, after all are connected
 *   SOAK_CONNECTIONS (1000)    sync (y-websocket) connections
 *   SOAK_ROOMS (50)            rooms they are spread over
 *   SOAK_SOCKETS (10 % of SOAK_CONNECTIONS)  Socket.IO connections posting now and then
 *   SOAK_WARMUP_MINUTES (5, or a quarter of a run shorter than 20 min)
 *   SOAK_OUT                   file for the full report as JSON (samples also go to <SOAK_OUT>.samples.jsonl as taken)
 *   SOAK_KEEP_DATA=1           keep the server's data folder (its log is always kept, path printed)
 *
 * Exits 1 when the server's RSS grew by 5 % or more from the end of warm-up to the
 * end, or when any edit a client was told was saved (or saw) or any acknowledged
 * message is missing after a restart.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { runSoak, type SoakReport } from '../test/soak/run.js';

const int = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${value}"`);
  return n;
};

const minutes = int('SOAK_MINUTES', 30);
const connections = int('SOAK_CONNECTIONS', 1000);
const options = {
  minutes,
  warmupMinutes: int('SOAK_WARMUP_MINUTES', minutes >= 20 ? 5 : minutes / 4),
  connections,
  rooms: Math.min(int('SOAK_ROOMS', 50), connections),
  sockets: Math.round(int('SOAK_SOCKETS', Math.max(1, Math.round(connections / 10)))),
  editEverySeconds: [30, 60] as [number, number],
  postEverySeconds: [60, 120] as [number, number],
  sampleEverySeconds: 10,
  log: (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
  onSample: (sample: object) => {
    if (process.env.SOAK_OUT) appendFileSync(`${process.env.SOAK_OUT}.samples.jsonl`, `${JSON.stringify(sample)}\n`);
  },
  keepData: process.env.SOAK_KEEP_DATA === '1' || process.env.SOAK_HEAP_SNAPSHOTS === '1',
  heapSnapshots: process.env.SOAK_HEAP_SNAPSHOTS === '1',
};

// every y-websocket provider adds a process 'exit' listener in Node
process.setMaxListeners(0);
const loadBefore = loadavg()[0]!;
const report = await runSoak(options);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load average ${loadBefore.toFixed(1)} before / ${loadavg()[0]!.toFixed(1)} after`;
if (process.env.SOAK_OUT) writeFileSync(process.env.SOAK_OUT, JSON.stringify({ machine, ...report }, null, 1));

const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
console.log(`\nmachine: ${machine}`);
console.log(rssTable(report));
const { samples: _s, serverErrorLines, lost, options: _o, ...numbers } = report;
console.log(JSON.stringify({ ...numbers, lost: lost.length }));
for (const line of serverErrorLines) console.error(`server error: ${line}`);
const growthPct = report.rssGrowth * 100;
console.log(
  `RSS ${mb(report.rssAfterWarmup)} MB after warm-up → ${mb(report.rssAtEnd)} MB at the end (${growthPct >= 0 ? '+' : ''}${growthPct.toFixed(2)} %); ` +
    `edit round trip p50 ${ms(report.editP50Ms)} ms, p99 ${ms(report.editP99Ms)} ms; event-loop delay max ${ms(report.loopDelayMaxMs)} ms`,
);
const failures: string[] = [];
// writing a heap snapshot leaves the server's RSS ~100 MB higher: such a run attributes, it does not judge
if (options.heapSnapshots) console.log('RSS growth not judged: this run took heap snapshots (npm run heapdiff)');
else if (!(report.rssGrowth < 0.05)) failures.push(`server RSS grew ${growthPct.toFixed(2)} % (limit 5 %)`);
if (lost.length > 0) failures.push(`${lost.length} edits lost: ${lost.slice(0, 20).join(' ')}`);
if (report.lostMessages > 0) failures.push(`${report.lostMessages} acknowledged messages lost`);
for (const f of failures) console.error(`FAIL: ${f}`);
process.exit(failures.length > 0 ? 1 : 0);

/** Server RSS, heap and event-loop delay every 5 minutes (every 30 s for runs under 10 minutes). */
function rssTable(r: SoakReport): string {
  const step = r.options.minutes >= 10 ? 300 : 30;
  const rows = [
    '| minute | server RSS MB | heap used MB | heap total MB | external MB | FerretDB RSS MB | sync connected | edits | loop max ms |',
  ];
  rows.push(
    '| ------ | ------------- | ------------ | ------------- | ----------- | --------------- | -------------- | ----- | ----------- |',
  );
  for (let t = step; t <= r.options.minutes * 60 + 1; t += step) {
    const s = r.samples.reduce((best, x) => (Math.abs(x.t - t) < Math.abs(best.t - t) ? x : best));
    const window = r.samples.filter((x) => x.t > t - step && x.t <= t + 1);
    const loop = Math.max(...window.map((x) => x.loopMaxMs).filter(Number.isFinite));
    rows.push(
      `| ${(t / 60).toFixed(step < 60 ? 1 : 0)} | ${mb(s.procRss)} | ${mb(s.heapUsed)} | ${mb(s.heapTotal)} | ${mb(s.external)} | ${mb(s.dbRss)} | ${s.syncConnected} | ${s.edits} | ${ms(loop)} |`,
    );
  }
  return rows.join('\n');
}
