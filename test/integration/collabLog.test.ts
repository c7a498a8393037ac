import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MongoDocumentStore } from '../../server/collab/store.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('a long update log', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  it('compacts a log longer than one delete statement can hold (FerretDB: 32,766 SQL variables)', async () => {
    const store = new MongoDocumentStore(server.app.models);
    const name = `room-${randomUUID()}`;
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getText('t');
    for (let i = 0; i < 33_000; i++) text.insert(i, String.fromCharCode(97 + (i % 26)));
    await store.append(name, 1, updates);

    await store.compact(name, Y.encodeStateAsUpdate(doc), updates.length, 0);

    expect(await server.app.models.DocUpdate.countDocuments({ doc: name })).toBe(0);
    const loaded = await store.load(name);
    expect(loaded).toMatchObject({ lastSeq: 33_000, updatesSinceSnapshot: 0 });
    const reloaded = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(reloaded, update);
    expect(reloaded.getText('t').toString()).toBe(text.toString());
  });
});
