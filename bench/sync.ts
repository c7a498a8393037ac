/**
 * `npm run bench:sync [-- --quick] [-- --write]`: the sync servers side by side.
 * Each target runs alone on core 0 (taskset), the load generator on core 1; for
 * every cell (P participants, E editors) the targets run interleaved, A B C D
 * then A B C D again, each on a fresh process. Prints one JSON line per run, the
 * medians as a Markdown table, and with --write puts the table in docs/performance.md.
 */
import { parseArgs } from 'node:util';
import type { LoadResult, LoadSpec } from './load.js';
import { generate } from './lib/generate.js';
import { machine, pinSelf } from './lib/proc.js';
import { markdownTable, writeDocSection } from './lib/report.js';
import { median, round } from './lib/stats.js';
import { DEFAULT_TARGETS, startTarget, TARGETS, type TargetName } from './lib/targets.js';

const SERVER_CORE = 0;
const GENERATOR_CORE = 1;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    participants: { type: 'string' },
    editors: { type: 'string' },
    rate: { type: 'string', default: '5' },
    seconds: { type: 'string' },
    // seconds of editing before each timed window, not measured (see LoadSpec.warmup)
    warmup: { type: 'string' },
    // where editors insert: random (anywhere, the default) or cursor (at their own caret); see LoadSpec.typing
    typing: { type: 'string', default: 'random' },
    reps: { type: 'string' },
    targets: { type: 'string' },
    // what the connections hold, also from heap snapshots: slower, exact (see gcOnSignal.ts)
    heap: { type: 'boolean', default: false },
  },
});
const list = (v: string | undefined, fallback: number[]) => (v ? v.split(',').map(Number) : fallback);
const participantsList = list(values.participants, [25, 100, 200]);
const editorsList = list(values.editors, [5, 20]);
const rate = Number(values.rate);
const seconds = Number(values.seconds ?? (values.quick ? 3 : 8));
const warmup = Number(values.warmup ?? (values.quick ? 2 : 5));
const typing = values.typing as NonNullable<LoadSpec['typing']>;
if (typing !== 'random' && typing !== 'cursor') throw new Error(`--typing is random or cursor, not ${typing}`);
const reps = Number(values.reps ?? (values.quick ? 1 : 2));
const targets = (values.targets?.split(',') ?? [...DEFAULT_TARGETS]) as TargetName[];
for (const t of targets) if (!TARGETS.includes(t)) throw new Error(`unknown target ${t}; one of ${TARGETS.join(', ')}`);

pinSelf(GENERATOR_CORE);

interface Run extends LoadResult {
  target: TargetName;
  participants: number;
  editors: number;
  rate: number;
  seconds: number;
  rep: number;
}

const runs: Run[] = [];
for (const participants of participantsList) {
  for (const editors of editorsList) {
    if (editors >= participants) continue;
    for (let rep = 1; rep <= reps; rep++) {
      for (const name of targets) {
        // Roundtable: every participant a different person, signed in (nothing per person is shared)
        const target = await startTarget(name, SERVER_CORE, {}, participants);
        try {
          const result = await generate(
            {
              target: { ...target, stop: undefined, restart: undefined } as LoadSpec['target'],
              participants,
              editors,
              rate,
              seconds,
              warmup,
              typing,
              serverCore: SERVER_CORE,
              generatorCore: GENERATOR_CORE,
              heapSnapshots: values.heap,
            },
            GENERATOR_CORE,
            target.dbTraffic,
          );
          const run: Run = { target: name, participants, editors, rate, seconds, rep, ...result };
          runs.push(run);
          console.log(JSON.stringify(run));
        } finally {
          await target.stop();
        }
      }
    }
  }
}

const n = (v: number | null, digits = 3) => (v === null || Number.isNaN(v) ? '–' : String(round(v, digits)));
const rows: (string | number)[][] = [];
for (const participants of participantsList) {
  for (const editors of editorsList) {
    const cell = runs.filter((r) => r.participants === participants && r.editors === editors);
    if (cell.length === 0) continue;
    const med = (t: TargetName, key: keyof LoadResult) => {
      const values = cell.filter((r) => r.target === t).map((r) => r[key] as number | null);
      return values.includes(null) ? null : median(values as number[]);
    };
    for (const t of targets) {
      const vs = (key: keyof LoadResult) => {
        const mine = med(t, key);
        const relay = targets.includes('relay') ? med('relay', key) : null;
        return t === 'relay' || mine === null || !relay ? n(mine) : `${n(mine)} (${n(mine / relay, 2)}×)`;
      };
      const delta = (key: keyof LoadResult) => {
        const mine = med(t, key);
        const relay = targets.includes('relay') ? med('relay', key) : null;
        if (t === 'relay' || mine === null || relay === null) return n(mine);
        return `${n(mine)} (${mine >= relay ? '+' : '−'}${n(Math.abs(mine - relay), 2)})`;
      };
      const own = cell.filter((r) => r.target === t);
      rows.push([
        `${participants} / ${editors}`,
        t,
        delta('p50'),
        n(med(t, 'p95')),
        delta('p99'),
        n(med(t, 'max')),
        own.reduce((s, r) => s + r.missing, 0),
        vs('cpuPer1k'),
        vs('systemCpuPer1k'),
        vs('rssPerConnKB'),
        vs('livePerConnKB'),
        ...(values.heap ? [vs('heapPerConnKB')] : []),
        vs('joinMs'),
        n(med(t, 'dbWrittenBytesPerUpdateByte')),
        n(med(t, 'dbSentBytesPerUpdateByte')),
        n(med(t, 'dbBytesPerUpdateByte')),
        own.some((r) => r.saturated) ? `yes (${n(Math.max(...own.map((r) => r.generatorCpuShare)), 2)})` : 'no',
        `${n(med(t, 'otherLoadServerCore'), 2)} / ${n(med(t, 'otherLoadGeneratorCore'), 2)}`,
      ]);
    }
  }
}
const table = markdownTable(
  [
    'P / E',
    'target',
    'p50 ms (Δ relay)',
    'p95 ms',
    'p99 ms (Δ relay)',
    'max ms',
    'missing',
    'CPU s / 1k updates (× relay)',
    'of which in the kernel (× relay)',
    'RSS KB / conn (× relay)',
    'live KB / conn (× relay)',
    ...(values.heap ? ['heap-snapshot KB / conn (× relay)'] : []),
    'join of P ms (× relay)',
    'bytes written to the DB / update byte',
    'bytes sent to the DB (queries too) / update byte',
    'disk bytes / update byte',
    'generator saturated (its CPU share)',
    'other load on server / generator core',
  ],
  rows,
);
const m = machine();
const summary = `Measured ${new Date().toISOString().slice(0, 10)} on ${m.nproc} × ${m.cpu}, Node ${m.node} (load average ${round(m.load, 2)} at the end: the machine is shared); U = ${rate} inserts/s per editor, each ${typing === 'random' ? 'anywhere in the text' : 'at its own caret'}, after ${warmup} s of the same unmeasured; medians of ${reps} × ${seconds} s per cell (\`npm run bench:sync${values.quick ? ' -- --quick' : ''}\`); database bytes count from the warm-up's start.`;
console.log(`\n${summary}\n\n${table}`);
if (values.write) writeDocSection('sync', `${summary}\n\n${table}`);
process.exit(0);
