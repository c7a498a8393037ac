import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/collab.js';
import { CollabConnection } from '../../server/collab/connection.js';
import { SharedDocument } from '../../server/collab/document.js';
import type { DocumentKind } from '../../server/collab/kinds.js';
import { MemoryDocumentStore } from '../../server/collab/memoryStore.js';
import { createLogger } from '../../server/logger.js';

const COMPACT_AFTER = 10;
const kind: DocumentKind = { prefix: 'test', authorize: async () => ({ canWrite: true, resourceIds: [] }) };
const socket = { readyState: 1, OPEN: 1, bufferedAmount: 0, send() {}, close() {}, terminate() {} };
const actor = { id: 'u1', name: 'Amina Haddad', isAdmin: false };
const opened: SharedDocument[] = [];
afterEach(() => opened.splice(0).forEach((d) => d.destroy()));

/** A client typing into its own copy of the document, each keystroke one update. */
function typist(base: Uint8Array[] = []) {
  const doc = new Y.Doc();
  for (const u of base) Y.applyUpdate(doc, u);
  const frames: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, u);
    frames.push(encoding.toUint8Array(encoder));
  });
  const text = doc.getText('t');
  return { doc, frames, type: (s: string) => text.insert(text.length, s) };
}

async function openDoc(store: MemoryDocumentStore, name: string) {
  const loaded = await store.load(name);
  const doc = new SharedDocument(name, kind, store, createLogger('silent'), COMPACT_AFTER, loaded);
  opened.push(doc);
  return { doc, conn: new CollabConnection(socket as never, actor, '#000000', [], true, false) };
}

async function send(doc: SharedDocument, conn: CollabConnection, frames: Uint8Array[]) {
  for (const f of frames.splice(0)) {
    doc.handleMessage(conn, f);
    await doc.settle();
  }
}

/** A stored document whose snapshot holds `chars` characters (and nothing in the log). */
async function bigDocument(store: MemoryDocumentStore, name: string, chars: number) {
  const source = new Y.Doc();
  source.getText('t').insert(0, 'مشاركة الشباب في منع التطرف. '.repeat(chars / 30));
  const state = Y.encodeStateAsUpdate(source);
  await store.append(name, 1, [state]);
  await store.compact(name, state, 1, 0);
  return state;
}

describe('when a document is compacted', () => {
  it('a document without a snapshot is compacted every COMPACT_AFTER updates, as before', async () => {
    const store = new MemoryDocumentStore();
    const { doc, conn } = await openDoc(store, 'plain');
    const client = typist();
    for (let i = 0; i < COMPACT_AFTER; i++) client.type(`${i} `);
    await send(doc, conn, client.frames);
    expect(await store.load('plain')).toMatchObject({ headVersion: 1, updatesSinceSnapshot: 0 });
  });

  it('a large snapshot is rewritten only once the log since it weighs twice as much, so each byte costs at most half a byte more', async () => {
    const store = new MemoryDocumentStore();
    const state = await bigDocument(store, 'big', 20_000);
    const { doc, conn } = await openDoc(store, 'big');
    const client = typist([state]);
    // five times the threshold of keystrokes, far lighter than the snapshot: no rewrite
    for (let i = 0; i < COMPACT_AFTER * 5; i++) client.type('x');
    await send(doc, conn, client.frames);
    expect(await store.load('big')).toMatchObject({ headVersion: 1, updatesSinceSnapshot: COMPACT_AFTER * 5 });

    // a paste as big as the document: not yet
    client.type('ب'.repeat(state.length / 2));
    await send(doc, conn, client.frames);
    expect(await store.load('big')).toMatchObject({ headVersion: 1 });
    // another: now the log weighs twice the snapshot
    client.type('ب'.repeat(state.length / 2));
    await send(doc, conn, client.frames);
    const after = await store.load('big');
    expect(after).toMatchObject({ headVersion: 2, updatesSinceSnapshot: 0 });
    const reloaded = new Y.Doc();
    for (const u of after.updates) Y.applyUpdate(reloaded, u);
    expect(reloaded.getText('t').toString()).toBe(client.doc.getText('t').toString());
  });

  it('leaving a large document with a few edits does not rewrite it; the next load replays them', async () => {
    const store = new MemoryDocumentStore();
    const state = await bigDocument(store, 'left', 20_000);
    const { doc, conn } = await openDoc(store, 'left');
    const client = typist([state]);
    client.type(' — reviewed');
    await send(doc, conn, client.frames);
    // what the server does when the last client leaves, or at shutdown
    await doc.compactInBackground();
    const stored = await store.load('left');
    expect(stored).toMatchObject({ headVersion: 1, updatesSinceSnapshot: 1 });
    const reloaded = new Y.Doc();
    for (const u of stored.updates) Y.applyUpdate(reloaded, u);
    expect(reloaded.getText('t').toString()).toBe(client.doc.getText('t').toString());
  });

  it('however light the log, 100 times the threshold of updates is compacted (a load never replays more)', async () => {
    const store = new MemoryDocumentStore();
    const state = await bigDocument(store, 'capped', 60_000);
    const { doc, conn } = await openDoc(store, 'capped');
    const client = typist([state]);
    for (let i = 0; i < COMPACT_AFTER * 100; i++) client.type('.');
    await send(doc, conn, client.frames);
    expect(await store.load('capped')).toMatchObject({ headVersion: 2, updatesSinceSnapshot: 0 });
  });
});
