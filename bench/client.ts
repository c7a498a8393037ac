/**
 * `npm run bench:client [-- --no-lighthouse] [-- --runs N] [-- --write]` (after `npm run build`):
 * the JavaScript a room page loads (from the build manifest, and every script Lighthouse saw
 * the page fetch: raw, gzip, brotli), then Lighthouse's mobile profile (simulated slow 4G, 4×
 * slower CPU) N times (default 3) on a seeded room of the real server, signed in, in the
 * Debian Chromium (CHROMIUM_PATH, as the browser tests; `scripts/setup --browser`, which the npm
 * script runs first, installs it); scores and metrics are the medians of the runs.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { machine, pinSelf } from './lib/proc.js';
import { markdownTable, writeDocSection } from './lib/report.js';
import { median, round } from './lib/stats.js';
import { startTarget } from './lib/targets.js';

interface Chunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const { values } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    'no-lighthouse': { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
  },
});
const DIST = path.resolve(import.meta.dirname, '../dist/client');
const manifestPath = path.join(DIST, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) throw new Error('no build manifest: run `npm run build` first');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;

/** A chunk and everything it imports statically (what the browser fetches before running it). */
function closure(key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  into.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, into);
  return into;
}

function sizes(files: string[]) {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const full = path.join(DIST, file);
    raw += statSync(full).size;
    gzip += existsSync(`${full}.gz`) ? statSync(`${full}.gz`).size : gzipSync(readFileSync(full), { level: 9 }).length;
    brotli += existsSync(`${full}.br`) ? statSync(`${full}.br`).size : NaN;
  }
  return { raw, gzip, brotli };
}

const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const initial = closure(entry);
// the document's sync (Yjs, y-websocket), loaded once the room has answered; the room's document is
// drawn from it before the editor is there
const collabKey = Object.keys(manifest).find((k) => manifest[k]!.src === 'rooms/collabConnection.ts');
if (!collabKey) throw new Error('no document sync chunk in the build manifest');
const roomPage = closure(collabKey, new Set(initial));
// the editor is a chunk of its own (shared by rooms and plans), loaded after the room's document is
// shown: when the browser is idle after the page has loaded, or at the reader's first touch
const editorKey = Object.keys(manifest).find(
  (k) => manifest[k]!.src === 'rooms/Editor.tsx' || manifest[k]!.name === 'Editor',
);
if (!editorKey) throw new Error('no editor chunk in the build manifest');
const withEditor = closure(editorKey, new Set(roomPage));
const jsFiles = (keys: Set<string>) => [...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
const cssFiles = [...initial].flatMap((k) => manifest[k]!.css ?? []);
const allJs = Object.values(manifest)
  .map((c) => c.file)
  .filter((f) => f.endsWith('.js'));
const kb = (n: number) => round(n / 1024, 3);
const row = (what: string, files: string[]) => [what, files.length, ...Object.values(sizes(files)).map(kb)];
const editorOnly = jsFiles(withEditor).filter((f) => !jsFiles(roomPage).includes(f));
const bundleRows = [
  row('initial JS (entry + static imports)', jsFiles(initial)),
  row('room page JS (initial + document sync)', jsFiles(roomPage)),
  row('editor, after the document is shown (idle or first touch)', editorOnly),
  row('room page JS with the editor', jsFiles(withEditor)),
  row('initial CSS', cssFiles),
  row('all JS chunks', allJs),
];

/** Marked by the room page when its document is first drawn (client/rooms/RoomDocument.tsx). */
const DOCUMENT_SHOWN_MARK = 'roundtable:document-shown';

interface Run {
  scores: Record<string, number>;
  metrics: Record<string, number>;
  /** scripts requested before the document was shown */
  scripts: string[];
  /** scripts requested after it (the editor, when the browser was idle) */
  later: string[];
  /** when the document was shown (ms after the navigation started), or NaN if never */
  shownAt: number;
  failed: string[];
  version: string;
  /** Lighthouse's measure of how fast this machine ran the page (higher is faster; it drops under load) */
  benchmarkIndex: number;
}

const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI'],
] as const;

const runs: Run[] = [];
const loads: number[] = [];
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!values['no-lighthouse']) {
  // before the server starts: a browser that cannot be spawned crashes this process, which would
  // leave the server and its database running
  if (!existsSync(chromePath)) throw new Error(`no browser at ${chromePath}: run scripts/setup --browser`);
  pinSelf(1);
  const server = await startTarget('roundtable', 0);
  try {
    const res = await fetch(`${server.httpUrl}/api/rooms`, { headers: server.headers });
    const { rooms } = (await res.json()) as { rooms: { id: string; title: string }[] };
    // a seeded room with its document and thread, as a participant would open it
    const room = rooms.find((r) => r.title !== 'Benchmark') ?? rooms[0]!;
    const url = `${server.httpUrl}/rooms/${room.id}`;
    for (let i = 0; i < Number(values.runs); i++) {
      loads.push(machine().load);
      // a fresh browser per run: nothing cached from the run before
      const chrome = await chromeLauncher.launch({
        chromePath,
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
      try {
        const runner = await lighthouse(url, {
          port: chrome.port,
          logLevel: 'error',
          output: 'json',
          onlyCategories: ['performance', 'accessibility', 'best-practices'],
          extraHeaders: { Cookie: server.headers.cookie! },
        });
        if (!runner) throw new Error('Lighthouse returned nothing');
        const { categories, audits } = runner.lhr;
        if (process.env.LIGHTHOUSE_JSON)
          writeFileSync(
            process.env.LIGHTHOUSE_JSON.replace(/(\.json)?$/, `-${i + 1}.json`),
            JSON.stringify(runner.lhr),
          );
        const requests = (
          audits['network-requests']?.details as {
            items?: { url: string; resourceType?: string; rendererStartTime?: number }[];
          }
        )?.items;
        const marks = (audits['user-timings']?.details as { items?: { name: string; startTime: number }[] })?.items;
        const shownAt = marks?.find((m) => m.name === DOCUMENT_SHOWN_MARK)?.startTime ?? NaN;
        const ours = (requests ?? []).filter(
          (r) => r.resourceType === 'Script' && existsSync(path.join(DIST, new URL(r.url).pathname.slice(1))),
        );
        const file = (r: { url: string }) => new URL(r.url).pathname.slice(1);
        // "later" is a request made after the document was shown; without the mark (a build before
        // it existed) every script counts as fetched at load
        const before = (r: { rendererStartTime?: number }) => !((r.rendererStartTime ?? 0) >= shownAt);
        const run: Run = {
          scores: Object.fromEntries(Object.values(categories).map((c) => [c.id, Math.round((c.score ?? 0) * 100)])),
          metrics: Object.fromEntries(METRICS.map(([id]) => [id, audits[id]?.numericValue ?? NaN])),
          scripts: ours.filter(before).map(file),
          later: ours.filter((r) => !before(r)).map(file),
          shownAt: Math.round(shownAt),
          failed: Object.values(categories)
            .filter((c) => c.id !== 'performance')
            .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0 && (audits[r.id]?.score ?? 1) < 1).map((r) => r.id)),
          version: runner.lhr.lighthouseVersion,
          benchmarkIndex: Math.round(runner.lhr.environment.benchmarkIndex),
        };
        console.log(JSON.stringify({ url: '/rooms/:id', run: i + 1, load: loads.at(-1), ...run }));
        runs.push(run);
      } finally {
        chrome.kill();
      }
    }
  } finally {
    await server.stop();
  }
  // what the room page really fetched before its document showed, and after (in any run)
  const fetched = [...new Set(runs.flatMap((r) => r.scripts))];
  const later = [...new Set(runs.flatMap((r) => r.later))].filter((f) => !fetched.includes(f));
  bundleRows.splice(
    2,
    0,
    row('room page JS fetched at load, until the document showed (Lighthouse)', fetched),
    row('fetched after the document showed (Lighthouse)', later),
  );
}
const bundleTable = markdownTable(['what', 'files', 'KB', 'KB gzip', 'KB brotli'], bundleRows);
console.log(`\n${bundleTable}`);

let scoreTable = '';
if (runs.length) {
  const med = (pick: (r: Run) => number) => median(runs.map(pick));
  const ms = (v: number) => (v >= 1000 ? `${round(v / 1000, 2)} s` : `${Math.round(v)} ms`);
  const failed = [...new Set(runs.flatMap((r) => r.failed))];
  scoreTable = markdownTable(
    [
      'performance',
      'accessibility',
      'best practices',
      'FCP',
      'LCP',
      'TBT',
      'CLS',
      'SI',
      'runs',
      'benchmark index',
      'Lighthouse',
    ],
    [
      [
        med((r) => r.scores.performance!),
        med((r) => r.scores.accessibility!),
        med((r) => r.scores['best-practices']!),
        ms(med((r) => r.metrics['first-contentful-paint']!)),
        ms(med((r) => r.metrics['largest-contentful-paint']!)),
        ms(med((r) => r.metrics['total-blocking-time']!)),
        round(
          med((r) => r.metrics['cumulative-layout-shift']!),
          2,
        ),
        ms(med((r) => r.metrics['speed-index']!)),
        `${runs.length} (performance ${runs.map((r) => r.scores.performance).join(', ')})`,
        med((r) => r.benchmarkIndex),
        runs[0]!.version,
      ],
    ],
  );
  scoreTable += failed.length
    ? `\n\nAudits not passed in some run (accessibility, best practices): ${failed.map((f) => `\`${f}\``).join(', ')}.`
    : '\n\nEvery accessibility and best-practices audit passed in every run.';
  console.log(`\n${scoreTable}`);
}

const m = machine();
const loadText = loads.length
  ? `load average ${round(Math.min(...loads), 2)}–${round(Math.max(...loads, m.load), 2)} during the runs`
  : `load average ${round(m.load, 2)}`;
const summary = `Measured ${new Date().toISOString().slice(0, 10)} on ${m.nproc} × ${m.cpu}, Node ${m.node} (${loadText}); Lighthouse's default mobile profile on a seeded room, signed in, medians of ${runs.length} runs (\`npm run build && npm run bench:client\`).`;
if (values.write) writeDocSection('client', [summary, bundleTable, scoreTable].filter(Boolean).join('\n\n'));
process.exit(0);
