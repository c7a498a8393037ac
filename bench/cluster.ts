/**
 * `npm run bench:cluster [-- --write]`: one document, 200 participants (20 editing),
 * on one Roundtable node and on two nodes sharing one database and one Redis, the
 * participants spread over the nodes. Everything the server side runs (nodes,
 * database, Redis) is pinned to core 0, the load generator to core 1, so CPU per
 * update compares like with like. Interleaved runs (one, two, one, two), fresh
 * processes each. Prints one JSON line per run and the medians as a table; with
 * --write puts it in docs/performance.md.
 */
import { parseArgs } from 'node:util';
import type { LoadResult } from './load.js';
import { startRoundtableCluster } from './lib/cluster.js';
import { generate } from './lib/generate.js';
import { machine, pinSelf } from './lib/proc.js';
import { markdownTable, writeDocSection } from './lib/report.js';
import { median, round } from './lib/stats.js';
import { startTarget } from './lib/targets.js';

const SERVER_CORE = 0;
const GENERATOR_CORE = 1;
const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    participants: { type: 'string', default: '200' },
    editors: { type: 'string', default: '20' },
    rate: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '8' },
    // seconds of editing before each timed window, not measured (see LoadSpec.warmup)
    warmup: { type: 'string', default: '5' },
    reps: { type: 'string', default: '2' },
  },
});
const participants = Number(values.participants);
const editors = Number(values.editors);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const reps = Number(values.reps);
pinSelf(GENERATOR_CORE);

const layouts = [
  { name: 'one node', start: () => startTarget('roundtable', SERVER_CORE, {}, participants) },
  { name: 'two nodes + Redis', start: () => startRoundtableCluster(SERVER_CORE, 2, participants) },
];
const runs: (LoadResult & { layout: string; rep: number })[] = [];
for (let rep = 1; rep <= reps; rep++) {
  for (const layout of layouts) {
    const target = await layout.start();
    try {
      const result = await generate(
        {
          target: { ...target, stop: undefined, restart: undefined } as never,
          participants,
          editors,
          rate,
          seconds,
          warmup,
          serverCore: SERVER_CORE,
          generatorCore: GENERATOR_CORE,
        },
        GENERATOR_CORE,
        target.dbTraffic,
      );
      runs.push({ layout: layout.name, rep, ...result });
      console.log(JSON.stringify({ layout: layout.name, rep, ...result }));
    } finally {
      await target.stop();
    }
  }
}

const n = (v: number, digits = 3) => (Number.isFinite(v) ? String(round(v, digits)) : '–');
const rows = layouts.map(({ name }) => {
  const own = runs.filter((r) => r.layout === name);
  const med = (key: keyof LoadResult) => median(own.map((r) => r[key] as number));
  return [
    name,
    n(med('p50')),
    n(med('p95')),
    n(med('p99')),
    n(med('max')),
    own.reduce((s, r) => s + r.missing, 0),
    n(med('cpuPer1k')),
    n(med('joinMs')),
    n(med('dbWrittenBytesPerUpdateByte')),
    n(med('dbSentBytesPerUpdateByte')),
    n(med('dbBytesPerUpdateByte')),
    own.some((r) => r.saturated) ? 'yes' : 'no',
  ];
});
const table = markdownTable(
  [
    'layout',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'missing',
    'server CPU s / 1k updates (nodes + database + Redis)',
    `join of ${participants} ms`,
    'bytes written to the DB / update byte',
    'bytes sent to the DB (queries too) / update byte',
    'disk bytes / update byte',
    'generator saturated',
  ],
  rows,
);
const m = machine();
const summary = `Measured ${new Date().toISOString().slice(0, 10)} on ${m.nproc} × ${m.cpu}, Node ${m.node} (load average ${round(m.load, 2)} at the end); one document, ${participants} participants of whom ${editors} edit at ${rate} inserts/s each, medians of ${reps} × ${seconds} s (\`npm run bench:cluster\`).`;
console.log(`\n${summary}\n\n${table}`);
if (values.write) writeDocSection('cluster', `${summary}\n\n${table}`);
process.exit(0);
