/**
 * `npm run bench:syncfloor [-- --records N] [-- --write]`: what making one small record durable
 * costs in CPU on this machine's disk, whatever the server does — the floor under the journal
 * (`server/collab/journal.ts`), which syncs once per group commit: at 25 / 20 in `bench:sync`,
 * one update every 10 ms, that is once per update.
 *
 * Writes N records of 60 bytes (a keystroke's journal record) into a file filled with zeros
 * ahead (as the journal does), one every 10 ms, three ways: written only; written, then
 * `fdatasync` (the journal); written through an `O_DSYNC` descriptor. Reports per record the
 * user and kernel CPU of this process and the wall time of the write and sync, medians of `reps`
 * interleaved runs. The 10 ms loop itself (a timer, a wake-up) is in every row: compare the rows.
 */
import { closeSync, constants, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machine } from './lib/proc.js';
import { markdownTable, writeDocSection } from './lib/report.js';
import { median, quantile, round, sleep } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '500' },
    reps: { type: 'string', default: '3' },
    write: { type: 'boolean', default: false },
  },
});
const records = Number(values.records);
const reps = Number(values.reps);
const RECORD = Buffer.alloc(60, 7);
const ZEROS = Buffer.alloc(256 * 1024);
const dir = mkdtempSync(path.join(tmpdir(), 'roundtable-syncfloor-'));

type Way = 'written only' | 'written, then fdatasync' | 'O_DSYNC descriptor';
const WAYS: Way[] = ['written only', 'written, then fdatasync', 'O_DSYNC descriptor'];

async function measure(way: Way) {
  const file = path.join(dir, `${way.replace(/\W+/g, '-')}.log`);
  const fd = openSync(file, 'w', 0o600);
  writeSync(fd, ZEROS, 0, ZEROS.length, 0);
  fdatasyncSync(fd);
  const target = way === 'O_DSYNC descriptor' ? openSync(file, constants.O_WRONLY | constants.O_DSYNC) : fd;
  // warm: the code paths and the file's blocks
  for (let i = 0; i < 20; i++) writeSync(target, RECORD, 0, RECORD.length, i * RECORD.length);
  const waits: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < records; i++) {
    const t0 = performance.now();
    writeSync(target, RECORD, 0, RECORD.length, (i % 4000) * RECORD.length);
    if (way === 'written, then fdatasync') fdatasyncSync(fd);
    waits.push(performance.now() - t0);
    await sleep(10);
  }
  const cpu = process.cpuUsage(cpu0);
  if (target !== fd) closeSync(target);
  closeSync(fd);
  waits.sort((a, b) => a - b);
  return {
    way,
    userUs: cpu.user / records,
    kernelUs: cpu.system / records,
    p50Ms: quantile(waits, 0.5),
    p99Ms: quantile(waits, 0.99),
  };
}

// interleaved, A B C then A B C …: the machine's other work falls on every way alike
const results: Awaited<ReturnType<typeof measure>>[] = [];
for (let rep = 0; rep < reps; rep++)
  for (const way of WAYS) {
    const r = await measure(way);
    console.log(JSON.stringify({ ...r, rep: rep + 1 }));
    results.push(r);
  }
const rows = WAYS.map((way) => {
  const mine = results.filter((r) => r.way === way);
  const med = (key: 'userUs' | 'kernelUs' | 'p50Ms' | 'p99Ms') => median(mine.map((r) => r[key]));
  return [way, Math.round(med('userUs')), Math.round(med('kernelUs')), round(med('p50Ms'), 3), round(med('p99Ms'), 3)];
});
rmSync(dir, { recursive: true, force: true });

const table = markdownTable(
  ['60-byte record, one every 10 ms', 'user CPU µs / record', 'kernel CPU µs / record', 'p50 ms', 'p99 ms'],
  rows,
);
const m = machine();
const summary = `Measured ${new Date().toISOString().slice(0, 10)} on ${m.nproc} × ${m.cpu}, Node ${m.node}, load average ${round(m.load, 2)} at the end; medians of ${reps} runs of ${records} records each, interleaved, in ${tmpdir()} (\`npm run bench:syncfloor\`).`;
console.log(`\n${summary}\n\n${table}`);
if (values.write) writeDocSection('syncfloor', `${summary}\n\n${table}`);
