import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MongoDocumentStore } from '../../server/collab/store.js';
import { openProvider, storedDoc } from '../helpers/collab.js';
import { eventually, waitForSync } from '../helpers/clients.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

const COMPACT_AFTER_UPDATES = 20;

describe('how the sync server stores documents', () => {
  let server: TestServer;
  let chair: BuiltUser;
  let member: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer({
      collab: { maxFrameBytes: 2 * 1024 * 1024, unloadDelayMs: 50, compactAfterUpdates: COMPACT_AFTER_UPDATES },
    });
    ({ chair, member } = await signInPeople(server, { chair: 'Amina Haddad', member: 'Marko Petrović' }, cookies));
  });
  afterAll(() => server?.close());

  async function newDocument() {
    const { documentName } = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
    ]);
    return documentName;
  }

  async function join(documentName: string, user: BuiltUser) {
    const client = openProvider(defer, server.url, documentName, cookies.get(user));
    await waitForSync(client.provider);
    return client;
  }

  it('an edit is in the database by the time anyone else receives it', async () => {
    const documentName = await newDocument();
    const a = await join(documentName, chair);
    const b = await join(documentName, member);
    const observations: Promise<{ seen: string; stored: string }>[] = [];
    b.doc.on('update', () => {
      const seen = b.doc.getText('t').toString();
      observations.push(
        storedDoc(server.app.models, documentName).then((doc) => ({ seen, stored: doc.getText('t').toString() })),
      );
    });

    const text = a.doc.getText('t');
    for (let i = 0; i < 10; i++) text.insert(text.length, `step ${i}; `);
    await eventually(() => expect(b.doc.getText('t').toString()).toBe(text.toString()));

    const results = await Promise.all(observations);
    expect(results.length).toBeGreaterThan(0);
    // a only appends, so whatever b has seen must be a prefix of what is stored
    for (const { seen, stored } of results) expect(stored.startsWith(seen), `stored "${stored}"`).toBe(true);
  });

  it('compacts the update log in the background and loads intact from the snapshot after a restart', async () => {
    const documentName = await newDocument();
    const a = await join(documentName, chair);
    const text = a.doc.getText('t');
    for (let i = 0; i < 100; i++) text.insert(text.length, `${i} التعاون, `);
    const expected = text.toString();

    const { DocHead, DocUpdate, DocSnapshotPart } = server.app.models;
    await eventually(async () => {
      const head = await DocHead.findById(documentName).lean();
      const records = await DocUpdate.find({ doc: documentName }).select('seq lastSeq').lean();
      const remaining = records.reduce((n, r) => n + r.lastSeq - r.seq + 1, 0);
      expect(head?.upToSeq).toBeGreaterThanOrEqual(COMPACT_AFTER_UPDATES);
      // one stored update per edit; those folded into the snapshot are gone from the log
      expect(remaining).toBe(100 - head!.upToSeq);
      expect(remaining).toBeLessThan(COMPACT_AFTER_UPDATES);
      expect(records.every((r) => r.seq > head!.upToSeq)).toBe(true);
      expect(await DocSnapshotPart.countDocuments({ doc: documentName })).toBe(head!.parts);
    });

    server = await server.restart();
    const reader = await join(documentName, member);
    expect(reader.doc.getText('t').toString()).toBe(expected);
  });

  it('stores one log record per write, split so no record grows past its size limit', async () => {
    const { models } = server.app;
    const store = new MongoDocumentStore(models, 64, 100);
    const name = `store-${randomUUID()}`;
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 12; i++) source.getText('t').insert(0, `${i}: مشاركة الشباب\n`);
    const size = updates[0]!.length;
    expect(size).toBeLessThanOrEqual(100);

    await store.append(name, 1, updates);
    const records = await models.DocUpdate.find({ doc: name }).sort({ seq: 1 }).lean();
    const perRecord = Math.floor(100 / size);
    expect(records.length).toBe(Math.ceil(12 / perRecord));
    expect(records.map((r) => [r.seq, r.lastSeq])[0]).toEqual([1, perRecord]);
    expect(records.at(-1)!.lastSeq).toBe(12);
    const loaded = await store.load(name);
    expect(loaded).toMatchObject({ lastSeq: 12, updatesSinceSnapshot: 12 });
    const doc = new Y.Doc();
    loaded.updates.forEach((u) => Y.applyUpdate(doc, u));
    expect(doc.getText('t').toString()).toBe(source.getText('t').toString());
  });

  it('splits a snapshot larger than one part and reassembles it on load', async () => {
    const { models } = server.app;
    const store = new MongoDocumentStore(models, 64);
    const name = `store-${randomUUID()}`;
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 30; i++) source.getText('t').insert(0, `${i}: التعاون الوطني والمحلي\n`);

    await store.append(name, 1, updates.slice(0, 10));
    await store.append(name, 11, updates.slice(10));
    expect(await store.load(name)).toMatchObject({ lastSeq: 30, updatesSinceSnapshot: 30 });

    const state = Y.encodeStateAsUpdate(source);
    expect(state.length).toBeGreaterThan(10 * 64);
    await store.compact(name, state, 30, 0);
    const head = await models.DocHead.findById(name).lean();
    // deflated first (the text repeats), then cut into 64-byte parts
    expect(head).toMatchObject({ upToSeq: 30, encoding: 'deflate-raw' });
    expect(head!.parts).toBeGreaterThan(1);
    expect(head!.parts).toBeLessThan(Math.ceil(state.length / 64));
    expect(await models.DocSnapshotPart.countDocuments({ doc: name, snapshotId: head!.snapshotId })).toBe(head!.parts);
    expect(await models.DocUpdate.countDocuments({ doc: name })).toBe(0);

    const loaded = await store.load(name);
    expect(loaded).toMatchObject({ lastSeq: 30, updatesSinceSnapshot: 0 });
    expect(loaded.updates).toHaveLength(1);
    expect(Buffer.from(loaded.updates[0]!).equals(Buffer.from(state))).toBe(true);

    // later updates go after the snapshot; a second compaction leaves only its own parts
    source.getText('t').insert(0, 'final: ');
    await store.append(name, 31, [updates.at(-1)!]);
    await expect(store.append(name, 31, [updates.at(-1)!])).rejects.toThrow();
    const reloaded = new Y.Doc();
    for (const update of (await store.load(name)).updates) Y.applyUpdate(reloaded, update);
    expect(reloaded.getText('t').toString()).toBe(source.getText('t').toString());

    await store.compact(name, Y.encodeStateAsUpdate(reloaded), 31, 1);
    const nextHead = await models.DocHead.findById(name).lean();
    expect(nextHead!.snapshotId).not.toBe(head!.snapshotId);
    expect(await models.DocSnapshotPart.countDocuments({ doc: name })).toBe(nextHead!.parts);
    const final = new Y.Doc();
    for (const update of (await store.load(name)).updates) Y.applyUpdate(final, update);
    expect(final.getText('t').toString()).toBe(source.getText('t').toString());
  });

  it('unloads a document once its last client leaves, and loads it again intact', async () => {
    const documentName = await newDocument();
    const a = await join(documentName, chair);
    a.doc.getText('t').insert(0, 'Periodic review: Q3 — المراجعة الدورية');
    await eventually(async () =>
      expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(
        'Periodic review: Q3 — المراجعة الدورية',
      ),
    );
    expect(server.app.collab.loadedCount).toBeGreaterThan(0);

    a.provider.destroy();
    await eventually(() => expect(server.app.collab.loadedCount).toBe(0));
    // leaving folded the log into a snapshot
    expect(await server.app.models.DocHead.exists({ _id: documentName })).toBeTruthy();
    expect(await server.app.models.DocUpdate.countDocuments({ doc: documentName })).toBe(0);

    const b = await join(documentName, member);
    expect(server.app.collab.loadedCount).toBe(1);
    expect(b.doc.getText('t').toString()).toBe('Periodic review: Q3 — المراجعة الدورية');
  });

  it('does not keep a document loaded for a client that hung up during the handshake', async () => {
    const documentName = await newDocument();
    await eventually(() => expect(server.app.collab.loadedCount).toBe(0));
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.end(
      [
        `GET /collab/${documentName} HTTP/1.1`,
        'Host: localhost',
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        `Cookie: ${cookies.get(chair)}`,
        '\r\n',
      ].join('\r\n'),
    );
    // the server drops the half-closed socket once it has checked the session and loaded the document
    await once(socket, 'close');
    await eventually(() => expect(server.app.collab.loadedCount).toBe(0), 2000);
  });
});
