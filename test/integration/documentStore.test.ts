import { randomBytes, randomUUID } from 'node:crypto';
import { BSON } from 'bson';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import * as Y from 'yjs';
import { collabModels } from '../../server/collab/collab.model.js';
import { MemoryDocumentStore } from '../../server/collab/memoryStore.js';
import {
  LogGapError,
  MongoDocumentStore,
  SeqTakenError,
  StaleCompactionError,
  unpackRecord,
  type DocumentStore,
} from '../../server/collab/store.js';

/** Small parts and records, so a few kilobytes already exercise the splitting. */
const PART_BYTES = 256;
const RECORD_BYTES = 512;

let connection: Connection;
beforeAll(async () => {
  connection = mongoose.createConnection(inject('mongoUri'), {
    dbName: `rt_store_${randomBytes(6).toString('hex')}`,
    bufferCommands: false,
  });
  await connection.asPromise();
  for (const model of Object.values(collabModels(connection))) await model.createIndexes();
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

const STORES: [string, () => DocumentStore][] = [
  ['in memory', () => new MemoryDocumentStore(PART_BYTES, RECORD_BYTES)],
  ['MongoDB', () => new MongoDocumentStore(collabModels(connection), PART_BYTES, RECORD_BYTES)],
];

/** A document written keystroke by keystroke, with every update kept in order. */
function typing(text: string) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const [i, ch] of [...text].entries()) doc.getText('t').insert(i, ch);
  return { doc, updates };
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

const ARABIC = 'التعاون بين السلطات الوطنية والمحلية في منع التطرف العنيف — ';

describe.each(STORES)('the document store contract (%s)', (_label, makeStore) => {
  it('loads a document never written as empty, at seq 0 and head version 0', async () => {
    expect(await makeStore().load(`room-${randomUUID()}`)).toEqual({
      updates: [],
      lastSeq: 0,
      updatesSinceSnapshot: 0,
      headVersion: 0,
    });
  });

  it('returns appended updates in order, across batches bigger than one record', async () => {
    const store = makeStore();
    const name = `room-${randomUUID()}`;
    const { doc, updates } = typing(ARABIC.repeat(8));
    await store.append(name, 1, updates.slice(0, 100));
    await store.append(name, 101, updates.slice(100));
    const loaded = await store.load(name);
    expect(loaded.lastSeq).toBe(updates.length);
    expect(loaded.updatesSinceSnapshot).toBe(updates.length);
    expect(loaded.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(
      updates.map((u) => Buffer.from(u).toString('hex')),
    );
    expect(textOf(loaded.updates)).toBe(doc.getText('t').toString());
  });

  it('refuses to store two batches at the same sequence number', async () => {
    const store = makeStore();
    const name = `room-${randomUUID()}`;
    const { updates } = typing('abc');
    await store.append(name, 1, updates);
    // the kind the sync server retries on (another writer took the seq), not any failure
    await expect(store.append(name, 1, updates)).rejects.toBeInstanceOf(SeqTakenError);
    expect((await store.load(name)).lastSeq).toBe(3);
  });

  it('compacts a large document into parts and loads exactly the same state', async () => {
    const store = makeStore();
    const name = `room-${randomUUID()}`;
    const { doc, updates } = typing(ARABIC.repeat(30));
    await store.append(name, 1, updates);
    const state = Y.encodeStateAsUpdate(doc);
    expect(state.length).toBeGreaterThan(4 * PART_BYTES);
    expect(await store.compact(name, state, updates.length, 0)).toBe(1);
    const loaded = await store.load(name);
    expect(loaded).toMatchObject({ lastSeq: updates.length, updatesSinceSnapshot: 0, headVersion: 1 });
    expect(loaded.updates).toHaveLength(1);
    expect(Buffer.from(loaded.updates[0]!).equals(Buffer.from(state))).toBe(true);

    const stored = updates.length;
    const late: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => late.push(u));
    doc.getText('t').insert(0, 'H1 2026: ');
    await store.append(name, stored + 1, late);
    const after = await store.load(name);
    expect(after).toMatchObject({ lastSeq: stored + 1, updatesSinceSnapshot: 1 });
    expect(textOf(after.updates)).toBe(doc.getText('t').toString());
  });

  it('keeps an update appended while a compaction runs', async () => {
    const store = makeStore();
    const name = `room-${randomUUID()}`;
    const { doc, updates } = typing('Youth councils in two municipalities. ');
    await store.append(name, 1, updates);
    const snapshot = Y.encodeStateAsUpdate(doc);
    const late: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => late.push(u));
    doc.getText('t').insert(0, 'NEW ');
    await Promise.all([store.compact(name, snapshot, updates.length, 0), store.append(name, updates.length + 1, late)]);
    const loaded = await store.load(name);
    expect(loaded.lastSeq).toBe(updates.length + 1);
    expect(textOf(loaded.updates)).toBe(doc.getText('t').toString());
  });

  it('commits only one of two compactions that start from the same head, and stays loadable', async () => {
    const store = makeStore();
    const name = `room-${randomUUID()}`;
    const { doc, updates } = typing(ARABIC.repeat(3));
    await store.append(name, 1, updates);
    const state = Y.encodeStateAsUpdate(doc);
    const results = await Promise.allSettled([
      store.compact(name, state, updates.length, 0),
      store.compact(name, state, updates.length, 0),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(StaleCompactionError);
    const loaded = await store.load(name);
    expect(loaded.headVersion).toBe(1);
    expect(textOf(loaded.updates)).toBe(doc.getText('t').toString());
    // a compaction from a head that moved on changes nothing
    await expect(store.compact(name, Y.encodeStateAsUpdate(new Y.Doc()), updates.length, 0)).rejects.toBeInstanceOf(
      StaleCompactionError,
    );
    expect(textOf((await store.load(name)).updates)).toBe(doc.getText('t').toString());
  });

  it('commits one of four compactions from the same later head, round after round (a fenced head everywhere)', async () => {
    const store = makeStore();
    const name = `room-${randomUUID()}`;
    const { doc, updates } = typing(ARABIC);
    await store.append(name, 1, updates);
    const state = Y.encodeStateAsUpdate(doc);
    await store.compact(name, state, updates.length, 0);
    // FerretDB 1.24 let two updates filtered on one version both match: the head is claimed by an insert
    for (let base = 1; base <= 6; base++) {
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map(() => store.compact(name, state, updates.length, base)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.load(name)).headVersion).toBe(base + 1);
    }
    expect(textOf((await store.load(name)).updates)).toBe(doc.getText('t').toString());
  });

  it('refuses to load a log with a hole in it rather than lose the missing update silently', async () => {
    const store = makeStore();
    const name = `room-${randomUUID()}`;
    const { updates } = typing('abcdef');
    await store.append(name, 1, updates.slice(0, 3));
    await store.append(name, 5, updates.slice(4));
    await expect(store.load(name)).rejects.toBeInstanceOf(LogGapError);
  });
});

describe('loading while another instance compacts (MongoDB)', () => {
  it('never serves an older snapshot with a log that a newer compaction already folded away', async () => {
    const models = collabModels(connection);
    const name = `room-${randomUUID()}`;
    const { doc, updates } = typing('Needs assessment survey, helpdesk, small grants. ');
    const writer = new MongoDocumentStore(models, PART_BYTES, RECORD_BYTES);
    const half = Math.floor(updates.length / 2);
    await writer.append(name, 1, updates.slice(0, half));
    const early = new Y.Doc();
    for (const update of updates.slice(0, half)) Y.applyUpdate(early, update);
    await writer.compact(name, Y.encodeStateAsUpdate(early), half, 0);
    await writer.append(name, half + 1, updates.slice(half));

    // another node compacts everything right after this reader has read the head
    let raced = false;
    const DocHead = new Proxy(models.DocHead, {
      get(target, prop, receiver) {
        if (prop !== 'findById') return Reflect.get(target, prop, receiver) as unknown;
        return (id: string) => ({
          lean: async () => {
            const head = await target.findById(id).lean();
            if (!raced) {
              raced = true;
              await writer.compact(name, Y.encodeStateAsUpdate(doc), updates.length, 1);
            }
            return head;
          },
        });
      },
    });
    const reader = new MongoDocumentStore({ ...models, DocHead }, PART_BYTES, RECORD_BYTES);
    const loaded = await reader.load(name);
    expect(raced).toBe(true);
    expect(loaded.lastSeq).toBe(updates.length);
    expect(textOf(loaded.updates)).toBe(doc.getText('t').toString());
  });
});

describe('two compactions of one document overlapping (MongoDB)', () => {
  it("a slow compaction's clean-up never deletes the parts of a newer snapshot", async () => {
    const models = collabModels(connection);
    const name = `room-${randomUUID()}`;
    const { doc, updates } = typing(ARABIC.repeat(2));
    const half = Math.floor(updates.length / 2);
    const early = new Y.Doc();
    for (const update of updates.slice(0, half)) Y.applyUpdate(early, update);
    const fast = new MongoDocumentStore(models, PART_BYTES, RECORD_BYTES);
    await fast.append(name, 1, updates.slice(0, half));

    // the slow one commits its head, then waits (a busy database) before deleting older parts
    let cleanUpReached!: () => void;
    let releaseCleanUp!: () => void;
    const reached = new Promise<void>((resolve) => (cleanUpReached = resolve));
    const released = new Promise<void>((resolve) => (releaseCleanUp = resolve));
    const DocSnapshotPart = new Proxy(models.DocSnapshotPart, {
      get(target, prop, receiver) {
        if (prop !== 'deleteMany') return Reflect.get(target, prop, receiver) as unknown;
        return async (filter: Record<string, unknown>) => {
          cleanUpReached();
          await released;
          return target.deleteMany(filter);
        };
      },
    });
    const slow = new MongoDocumentStore({ ...models, DocSnapshotPart }, PART_BYTES, RECORD_BYTES);
    const slowCompaction = slow.compact(name, Y.encodeStateAsUpdate(early), half, 0);
    await reached;

    // meanwhile the document moves on and compacts again, on top of the slow one's head
    await fast.append(name, half + 1, updates.slice(half));
    expect(await fast.compact(name, Y.encodeStateAsUpdate(doc), updates.length, 1)).toBe(2);
    releaseCleanUp();
    await slowCompaction;

    const loaded = await fast.load(name);
    expect(loaded.headVersion).toBe(2);
    expect(textOf(loaded.updates)).toBe(doc.getText('t').toString());
  });
});

describe('snapshots as stored (MongoDB)', () => {
  const models = () => collabModels(connection);
  /** A part's data as read (.lean() gives BSON's Binary for a Buffer field). */
  const byteLength = (data: unknown) =>
    (data instanceof Uint8Array ? data : (data as { buffer: Uint8Array }).buffer).length;
  /** What a compaction wrote: the parts' bytes and the head's encoding. */
  const storedSnapshot = async (name: string) => {
    const head = await models().DocHead.findById(name).lean();
    const parts = await models().DocSnapshotPart.find({ doc: name, snapshotId: head!.snapshotId }).lean();
    return { encoding: head!.encoding, parts: parts.length, bytes: parts.reduce((n, p) => n + byteLength(p.data), 0) };
  };

  it('deflates a snapshot that compresses well, in parts, and loads exactly the same state', async () => {
    const store = new MongoDocumentStore(models(), PART_BYTES, RECORD_BYTES);
    const name = `plan-${randomUUID()}`;
    // twenty people typing at random places: every character an item of its own
    const doc = new Y.Doc();
    const text = doc.getText('t');
    const people = Array.from({ length: 20 }, () => new Y.Doc());
    for (let i = 0; i < 600; i++) {
      const person = people[i % people.length]!;
      Y.applyUpdate(person, Y.encodeStateAsUpdate(doc));
      person.getText('t').insert(Math.floor(Math.random() * (text.length + 1)), ARABIC[i % ARABIC.length]!);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(person));
    }
    const state = Y.encodeStateAsUpdate(doc);
    await store.compact(name, state, 0, 0);

    const stored = await storedSnapshot(name);
    expect(stored.encoding).toBe('deflate-raw');
    expect(stored.bytes).toBeLessThan(state.length * 0.6);
    expect(stored.parts).toBeGreaterThan(1);
    const loaded = await store.load(name);
    expect(Buffer.from(loaded.updates[0]!).equals(Buffer.from(state))).toBe(true);
    expect(textOf(loaded.updates)).toBe(text.toString());
  });

  it('stores a snapshot that does not compress as it is', async () => {
    const store = new MongoDocumentStore(models(), PART_BYTES, RECORD_BYTES);
    const name = `plan-${randomUUID()}`;
    const doc = new Y.Doc();
    doc.getMap('m').set('photo', new Uint8Array(randomBytes(4000)));
    const state = Y.encodeStateAsUpdate(doc);
    await store.compact(name, state, 0, 0);

    expect(await storedSnapshot(name)).toMatchObject({ encoding: undefined, bytes: state.length });
    const loaded = await store.load(name);
    expect(Buffer.from(loaded.updates[0]!).equals(Buffer.from(state))).toBe(true);
  });

  it('still loads a snapshot stored before snapshots were deflated (a head without an encoding)', async () => {
    const store = new MongoDocumentStore(models(), PART_BYTES, RECORD_BYTES);
    const name = `plan-${randomUUID()}`;
    const { doc, updates } = typing(ARABIC.repeat(4));
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    await models().DocSnapshotPart.create({ doc: name, snapshotId: 'old', part: 0, data: state, version: 1 });
    await models().DocHead.create({
      _id: name,
      snapshotId: 'old',
      parts: 1,
      upToSeq: updates.length,
      version: 1,
      updatedAt: new Date(),
    });
    const loaded = await store.load(name);
    expect(loaded).toMatchObject({ lastSeq: updates.length, headVersion: 1 });
    expect(textOf(loaded.updates)).toBe(doc.getText('t').toString());
  });

  it('refuses to load a snapshot in an encoding it does not know, rather than apply its bytes', async () => {
    const store = new MongoDocumentStore(models(), PART_BYTES, RECORD_BYTES);
    const name = `plan-${randomUUID()}`;
    await models().DocSnapshotPart.create({
      doc: name,
      snapshotId: 'zstd',
      part: 0,
      data: Buffer.from([1, 2, 3]),
      version: 1,
    });
    await models().DocHead.create({
      _id: name,
      snapshotId: 'zstd',
      parts: 1,
      upToSeq: 0,
      version: 1,
      encoding: 'zstd',
      updatedAt: new Date(),
    });
    await expect(store.load(name)).rejects.toThrow(/stored as zstd/);
  });
});

describe('the update log records (MongoDB)', () => {
  const models = () => collabModels(connection);

  it('stores a batch of keystrokes in about the bytes of the updates themselves, with who sent each', async () => {
    const store = new MongoDocumentStore(models());
    const name = `room-${randomUUID()}`;
    const { doc, updates } = typing(ARABIC.repeat(2));
    const people = ['64b7f0c2a1e4d3b2c1a09f01', '64b7f0c2a1e4d3b2c1a09f02', ''];
    const authors = updates.map((_, i) => people[i % people.length]!);
    await store.append(name, 1, updates, authors);

    const [record] = await models().DocUpdate.collection.find({ doc: name }).toArray();
    const updateBytes = updates.reduce((n, u) => n + u.byteLength, 0);
    // each update as an array element with its author's id beside it cost ~40 bytes more than itself
    expect(BSON.calculateObjectSize(record!)).toBeLessThan(updateBytes * 1.15 + 300);
    const unpacked = unpackRecord(record as never);
    expect(unpacked.authors).toEqual(authors);
    expect(unpacked.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(
      updates.map((u) => Buffer.from(u).toString('hex')),
    );
    expect(textOf((await store.load(name)).updates)).toBe(doc.getText('t').toString());
  });

  it('still loads and reads records written one update per array element (before packing)', async () => {
    const store = new MongoDocumentStore(models(), PART_BYTES, RECORD_BYTES);
    const name = `room-${randomUUID()}`;
    const { doc, updates } = typing(ARABIC);
    const half = Math.floor(updates.length / 2);
    await models().DocUpdate.collection.insertOne({
      doc: name,
      seq: 1,
      lastSeq: half,
      updates: updates.slice(0, half).map((u) => Buffer.from(u)),
      authors: updates.slice(0, half).map(() => 'someone'),
      createdAt: new Date(),
    });
    await store.append(name, half + 1, updates.slice(half), ['someone else']);

    const loaded = await store.load(name);
    expect(loaded.lastSeq).toBe(updates.length);
    expect(textOf(loaded.updates)).toBe(doc.getText('t').toString());
    const batches = await store.readAfter(name, 2);
    expect(batches[0]!.seq).toBe(1);
    expect(batches.flatMap((b) => b.updates)).toHaveLength(updates.length);
    // and compaction folds the older records like any other
    await store.compact(name, Y.encodeStateAsUpdate(doc), updates.length, 0);
    expect(await models().DocUpdate.countDocuments({ doc: name })).toBe(0);
    expect(textOf((await store.load(name)).updates)).toBe(doc.getText('t').toString());
  });
});
