import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TRACE = process.env.BENCH_TRACE ?? path.resolve(ROOT, '..', 'shared', 'data', 'automerge-paper.json.gz');
const CACHE = path.join(ROOT, '.cache', 'bench', 'automerge-paper.v1.bin');

interface Trace {
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

function readTrace(): Trace {
  if (!existsSync(TRACE)) throw new Error(`trace not found at ${TRACE}; set BENCH_TRACE`);
  return JSON.parse(gunzipSync(readFileSync(TRACE)).toString()) as Trace;
}

/** One Yjs update per transaction of the trace (the first `limit`, or all), as a client typing it sends them. */
export function keystrokeUpdates(limit?: number): Uint8Array[] {
  const trace = readTrace();
  const doc = new Y.Doc();
  const text = doc.getText('content');
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const txn of trace.txns.slice(0, limit)) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      }
    });
  }
  return updates;
}

/**
 * The automerge-paper editing trace (259,778 keystrokes) replayed into `content`
 * as one Yjs state (V1), cached in .cache/bench since the replay takes seconds.
 */
export function traceState(): { state: Uint8Array; chars: number } {
  const trace = readTrace();
  if (existsSync(CACHE)) return { state: readFileSync(CACHE), chars: trace.endContent.length };
  const doc = new Y.Doc();
  const text = doc.getText('content');
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      }
    });
  }
  if (text.toString() !== trace.endContent) throw new Error('replayed text differs from the trace');
  const state = Y.encodeStateAsUpdate(doc);
  mkdirSync(path.dirname(CACHE), { recursive: true });
  writeFileSync(CACHE, state);
  return { state, chars: trace.endContent.length };
}

/**
 * The same single-client update as if another client (`client`) had typed it:
 * every id of the original client is renumbered, so copies can live side by side
 * in one document (×10, ×100) without a replay each.
 */
export function asClient(update: Uint8Array, client: number): Uint8Array {
  const { structs, ds } = Y.decodeUpdate(update);
  const first = structs[0];
  if (!first || structs.some((s) => s.id.client !== first.id.client)) throw new Error('expected one client');
  const original = first.id.client;
  const remap = <T extends Y.ID | null>(id: T): T =>
    (id && id.client === original ? Y.createID(client, id.clock) : id) as T;
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, structs.length);
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, first.id.clock);
  for (const struct of structs) {
    if (struct instanceof Y.Item) {
      struct.origin = remap(struct.origin);
      struct.rightOrigin = remap(struct.rightOrigin);
      if (struct.parent instanceof Y.ID) struct.parent = remap(struct.parent) as unknown as Y.AbstractType<unknown>;
    }
    struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, ds.clients.size);
  for (const [owner, items] of ds.clients) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, owner === original ? client : owner);
    encoding.writeVarUint(encoder.restEncoder, items.length);
    for (const item of items) {
      encoder.writeDsClock(item.clock);
      encoder.writeDsLen(item.len);
    }
  }
  return encoder.toUint8Array();
}
