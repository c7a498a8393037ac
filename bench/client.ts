/**
 * `npm run bench:client [-- --no-lighthouse] [-- --write]` (after `npm run build`):
 * the JavaScript a room page loads (from the build manifest: raw, gzip, brotli),
 * then Lighthouse's mobile profile (simulated slow 4G, 4× slower CPU) on a seeded
 * room of the real server, signed in, in the Debian Chromium (CHROME_PATH).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { machine, pinSelf } from './lib/proc.js';
import { markdownTable, writeDocSection } from './lib/report.js';
import { round } from './lib/stats.js';
import { startTarget } from './lib/targets.js';

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const { values } = parseArgs({
  options: { write: { type: 'boolean', default: false }, 'no-lighthouse': { type: 'boolean', default: false } },
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
const editorKey = Object.keys(manifest).find((k) => manifest[k]!.src === 'rooms/Editor.tsx');
const roomPage = editorKey ? closure(editorKey, new Set(initial)) : initial;
const jsFiles = (keys: Set<string>) => [...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
const cssFiles = [...initial].flatMap((k) => manifest[k]!.css ?? []);
const allJs = Object.values(manifest)
  .map((c) => c.file)
  .filter((f) => f.endsWith('.js'));
const kb = (n: number) => round(n / 1024, 3);
const bundleRows = [
  ['initial JS (entry + static imports)', jsFiles(initial).length, ...Object.values(sizes(jsFiles(initial))).map(kb)],
  ['room page JS (initial + editor)', jsFiles(roomPage).length, ...Object.values(sizes(jsFiles(roomPage))).map(kb)],
  ['initial CSS', cssFiles.length, ...Object.values(sizes(cssFiles)).map(kb)],
  ['all JS chunks', allJs.length, ...Object.values(sizes(allJs)).map(kb)],
];
const bundleTable = markdownTable(['what', 'files', 'KB', 'KB gzip', 'KB brotli'], bundleRows);
console.log(bundleTable);

let scoreTable = '';
if (!values['no-lighthouse']) {
  pinSelf(1);
  const server = await startTarget('roundtable', 0);
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const res = await fetch(`${server.httpUrl}/api/rooms`, { headers: server.headers });
    const { rooms } = (await res.json()) as { rooms: { id: string; title: string }[] };
    // a seeded room with its document and thread, as a participant would open it
    const room = rooms.find((r) => r.title !== 'Benchmark') ?? rooms[0]!;
    const url = `${server.httpUrl}/rooms/${room.id}`;
    const runner = await lighthouse(url, {
      port: chrome.port,
      logLevel: 'error',
      output: 'json',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      extraHeaders: { Cookie: server.headers.cookie! },
    });
    if (!runner) throw new Error('Lighthouse returned nothing');
    if (process.env.LIGHTHOUSE_JSON) writeFileSync(process.env.LIGHTHOUSE_JSON, JSON.stringify(runner.lhr));
    const { categories, audits } = runner.lhr;
    const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
    const metric = (id: string) => audits[id]?.displayValue ?? '–';
    const failed = Object.values(categories)
      .filter((c) => c.id !== 'performance')
      .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0 && (audits[r.id]?.score ?? 1) < 1).map((r) => r.id));
    console.log(
      JSON.stringify({
        url: '/rooms/:id',
        scores: Object.fromEntries(Object.keys(categories).map((id) => [id, score(id)])),
        failed,
      }),
    );
    scoreTable = markdownTable(
      ['performance', 'accessibility', 'best practices', 'FCP', 'LCP', 'TBT', 'CLS', 'Lighthouse'],
      [
        [
          score('performance'),
          score('accessibility'),
          score('best-practices'),
          metric('first-contentful-paint'),
          metric('largest-contentful-paint'),
          metric('total-blocking-time'),
          metric('cumulative-layout-shift'),
          runner.lhr.lighthouseVersion,
        ],
      ],
    );
    if (failed.length)
      scoreTable += `\n\nAudits not passed (accessibility, best practices): ${failed.map((f) => `\`${f}\``).join(', ')}.`;
    console.log(`\n${scoreTable}`);
  } finally {
    chrome.kill();
    await server.stop();
  }
}

const m = machine();
const summary = `Measured ${new Date().toISOString().slice(0, 10)} on ${m.nproc} × ${m.cpu}, Node ${m.node} (load average ${round(m.load, 2)}); Lighthouse's default mobile profile on a seeded room, signed in (\`npm run build && npm run bench:client\`).`;
if (values.write) writeDocSection('client', [summary, bundleTable, scoreTable].filter(Boolean).join('\n\n'));
process.exit(0);
