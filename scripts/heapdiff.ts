/**
 * Compares two V8 heap snapshots (`.heapsnapshot`, as written by
 * `--heapsnapshot-signal`): the shallow size and count of each kind of object in
 * both, sorted by growth. Strings, code and arrays are grouped by type; objects by
 * constructor name. Answers "what grew" without opening DevTools.
 *
 *   npm run heapdiff -- before.heapsnapshot after.heapsnapshot [top=25]
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

interface Kind {
  bytes: number;
  count: number;
}

/** Grouped shallow sizes of one snapshot. */
function summarize(file: string): Map<string, Kind> {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const kinds = new Map<string, Kind>();
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]!]!;
    const name = heap.strings[heap.nodes[i + nameAt]!]!;
    const key = type === 'object' || type === 'closure' ? `${type} ${name}` : `(${type})`;
    const kind = kinds.get(key) ?? { bytes: 0, count: 0 };
    kind.bytes += heap.nodes[i + sizeAt]!;
    kind.count++;
    kinds.set(key, kind);
  }
  return kinds;
}

const [beforeFile, afterFile, topArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error('usage: npm run heapdiff -- before.heapsnapshot after.heapsnapshot [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const before = summarize(beforeFile);
const after = summarize(afterFile);
const total = (m: Map<string, Kind>) => [...m.values()].reduce((n, k) => n + k.bytes, 0);
const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
const rows = [...new Set([...before.keys(), ...after.keys()])].map((key) => {
  const b = before.get(key) ?? { bytes: 0, count: 0 };
  const a = after.get(key) ?? { bytes: 0, count: 0 };
  return { key, bytes: a.bytes - b.bytes, count: a.count - b.count, after: a };
});
rows.sort((x, y) => y.bytes - x.bytes);
console.log(`heap (shallow): ${mb(total(before))} MB → ${mb(total(after))} MB`);
console.log('| kind | growth MB | growth count | size after MB | count after |');
console.log('| ---- | --------- | ------------ | ------------- | ----------- |');
for (const r of rows.slice(0, top))
  console.log(
    `| ${r.key.replace(/\|/g, '\\|')} | ${mb(r.bytes)} | ${r.count} | ${mb(r.after.bytes)} | ${r.after.count} |`,
  );
