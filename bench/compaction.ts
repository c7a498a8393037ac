/**
 * `npm run bench:compaction [-- --ops N or all (all)] [-- --compact-after N (500)]`: what storing a
 * document costs in bytes once compaction runs. The automerge-paper trace is typed into an empty
 * document, one update per keystroke, through the real `SharedDocument` (compaction on, as the
 * server runs it) into a store that counts what it is given: the update log's bytes and every
 * snapshot's. Prints one JSON line: bytes stored per byte of update, the snapshots written, and
 * how many updates the next load would replay after the last snapshot.
 *
 * Logical bytes (what the store is asked to write), not the disk's: `bench:sync` reports those.
 */
import { parseArgs } from 'node:util';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../shared/collab.js';
import { applyStored } from '../server/collab/fullState.js';
import { CollabConnection } from '../server/collab/connection.js';
import { SharedDocument } from '../server/collab/document.js';
import type { DocumentKind } from '../server/collab/kinds.js';
import { MemoryDocumentStore } from '../server/collab/memoryStore.js';
import { createLogger } from '../server/logger.js';
import { keystrokeUpdates } from './lib/trace.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: 'all' },
    'compact-after': { type: 'string', default: '500' },
  },
});

/** The in-memory store, counting the bytes it is asked to keep. */
class CountingStore extends MemoryDocumentStore {
  logBytes = 0;
  snapshotBytes = 0;
  snapshots = 0;

  override append(name: string, firstSeq: number, updates: Uint8Array[]) {
    for (const u of updates) this.logBytes += u.length;
    return super.append(name, firstSeq, updates);
  }

  override compact(name: string, state: Uint8Array, upToSeq: number, baseVersion: number) {
    this.snapshotBytes += state.length;
    this.snapshots++;
    return super.compact(name, state, upToSeq, baseVersion);
  }
}

const kind: DocumentKind = { prefix: 'bench', authorize: async () => ({ canWrite: true, resourceIds: [] }) };
const fakeSocket = { readyState: 1, OPEN: 1, bufferedAmount: 0, send() {}, close() {}, terminate() {} };
const actor = { id: 'bench', name: 'Bench', isAdmin: false };

function frame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

const updates = keystrokeUpdates(values.ops === 'all' ? undefined : Number(values.ops));
const compactAfter = Number(values['compact-after']);
const store = new CountingStore();
const doc = new SharedDocument('bench-compaction', kind, store, createLogger('silent'), compactAfter, {
  updates: [],
  lastSeq: 0,
  updatesSinceSnapshot: 0,
  headVersion: 0,
});
const conn = new CollabConnection(fakeSocket as never, actor, '#000000', [], true, false);
const started = performance.now();
for (const update of updates) {
  doc.handleMessage(conn, frame(update));
  await doc.settle();
}
const updateBytes = updates.reduce((sum, u) => sum + u.length, 0);
const loaded = await store.load('bench-compaction');
const finalStateBytes = loaded.updates[0]?.length ?? 0;
// what the next load costs: the snapshot and the log after it, as the server applies them
const logger = createLogger('silent');
const loadMs = (stored: Uint8Array[]) => {
  const t0 = performance.now();
  const fresh = new Y.Doc();
  applyStored(fresh, stored, logger, 'bench-compaction');
  const ms = performance.now() - t0;
  fresh.destroy();
  return ms;
};
const asStored = loadMs(loaded.updates);
const whole = Y.mergeUpdates(loaded.updates);
const asOneSnapshot = loadMs([whole]);
console.log(
  JSON.stringify({
    updates: updates.length,
    compactAfterUpdates: compactAfter,
    updateBytes,
    logBytes: store.logBytes,
    snapshotBytes: store.snapshotBytes,
    snapshots: store.snapshots,
    storedPerUpdateByte: (store.logBytes + store.snapshotBytes) / updateBytes,
    finalSnapshotBytes: finalStateBytes,
    replayedOnLoad: loaded.updatesSinceSnapshot,
    loadMs: asStored,
    loadMsFromOneSnapshot: asOneSnapshot,
    seconds: (performance.now() - started) / 1000,
  }),
);
doc.destroy();
process.exit(0);
