import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import * as Y from 'yjs';
import { collabModels, type CollabModels } from '../../server/collab/collab.model.js';
import { JournalFullError, JournaledStore, readSegment, type JournalOptions } from '../../server/collab/journal.js';
import { MongoDocumentStore, unpackRecord } from '../../server/collab/store.js';
import { createLogger, type Logger } from '../../server/logger.js';
import { eventually } from '../helpers/clients.js';
import { FaultyStore } from '../helpers/faultyStore.js';

let connection: Connection;
let models: CollabModels;
beforeAll(async () => {
  connection = mongoose.createConnection(inject('mongoUri'), {
    dbName: `rt_journal_${randomBytes(6).toString('hex')}`,
    bufferCommands: false,
  });
  await connection.asPromise();
  models = collabModels(connection);
  for (const model of Object.values(models)) await model.createIndexes();
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

/** A logger that keeps what it was told, to check what an operator would read. */
function recordingLogger(): Logger & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger('silent');
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    (logger as unknown as Record<string, unknown>)[level] = (_obj: unknown, msg: string) => lines.push({ level, msg });
  }
  (logger as unknown as Record<string, unknown>).child = () => logger;
  return Object.assign(logger, { lines });
}

function options(dir: string, overrides: Partial<JournalOptions> = {}): JournalOptions {
  // no copy by timer unless a test asks: each test decides when the database is written
  return {
    dir,
    flushMs: 60_000,
    maxUnflushedBytes: 1024 * 1024,
    segmentBytes: 1024 * 1024,
    copyTimeoutMs: 5000,
    logger: recordingLogger(),
    ...overrides,
  };
}

/** `count` keystrokes of one typist, each its own update, and the text they make. */
function keystrokes(count: number, prefix = 'k') {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(doc.getText('t').length, `${prefix}${i} `);
  return { updates, text: doc.getText('t').toString() };
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

const database = () => new MongoDocumentStore(models);
const newDir = () => mkdtempSync(path.join(tmpdir(), 'roundtable-journal-'));
const segmentFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.log'));
const logRecords = (name: string) => models.DocUpdate.countDocuments({ doc: name });

/** Leaves a journal as a killed process would: files as written, nothing copied or deleted. */
function abandon(journal: JournaledStore): void {
  const internals = journal as unknown as { timer: NodeJS.Timeout; segments: { fd: number }[] };
  clearInterval(internals.timer);
  for (const segment of internals.segments) closeSync(segment.fd);
}

describe('the sync journal', () => {
  it('acknowledges appends from the journal and copies them to the database in one insert', async () => {
    const dir = newDir();
    const journal = JournaledStore.open(database(), options(dir));
    const name = `room-${randomUUID()}`;
    const { updates, text } = keystrokes(30);
    for (const [i, u] of updates.entries()) await journal.append(name, i + 1, [u], ['user-1']);
    // acknowledged, and on disk, but not in the database yet
    expect(await logRecords(name)).toBe(0);
    const reader = recordingLogger();
    const file = path.join(dir, segmentFiles(dir)[0]!);
    const onDisk = readSegment(readFileSync(file), 'segment', reader);
    expect(onDisk.map((r) => r.firstSeq)).toEqual(updates.map((_, i) => i + 1));
    // written over zeros laid ahead (the file did not grow with each record), which end the reading quietly
    expect(statSync(file).size).toBe(256 * 1024);
    expect(reader.lines).toEqual([]);
    expect(onDisk[0]!.authors).toEqual(['user-1']);
    // document content, readable by the server's own user only
    expect(statSync(path.join(dir, segmentFiles(dir)[0]!)).mode & 0o777).toBe(0o600);

    await journal.flushAll();
    expect(await logRecords(name)).toBe(1);
    const stored = await database().load(name);
    expect(stored.lastSeq).toBe(30);
    expect(textOf(stored.updates)).toBe(text);
    const record = await models.DocUpdate.findOne({ doc: name }).lean();
    expect(unpackRecord(record!).authors).toEqual(updates.map(() => 'user-1'));
    await journal.close();
    expect(segmentFiles(dir)).toEqual([]);
  });

  it('serves a load with what is journaled but not yet copied', async () => {
    const journal = JournaledStore.open(database(), options(newDir()));
    const name = `room-${randomUUID()}`;
    const { updates, text } = keystrokes(5);
    await journal.append(name, 1, updates.slice(0, 3));
    await journal.append(name, 4, updates.slice(3));
    const loaded = await journal.load(name);
    expect(loaded.lastSeq).toBe(5);
    expect(textOf(loaded.updates)).toBe(text);
    await journal.close();
  });

  it('after a crash, stores exactly what the database lacks before anything is read', async () => {
    const dir = newDir();
    const name = `room-${randomUUID()}`;
    const other = `room-${randomUUID()}`;
    const { updates, text } = keystrokes(12);
    const first = JournaledStore.open(database(), options(dir));
    for (let i = 0; i < 5; i++) await first.append(name, i + 1, [updates[i]!]);
    await first.flushAll(); // these five are in the database already
    for (let i = 5; i < 12; i++) await first.append(name, i + 1, [updates[i]!]);
    await first.append(other, 1, keystrokes(2, 'o').updates);
    abandon(first);

    const logger = recordingLogger();
    const second = JournaledStore.open(database(), options(dir, { logger }));
    await second.recovered;
    const stored = await database().load(name);
    expect(stored.lastSeq).toBe(12);
    expect(stored.updates).toHaveLength(12); // nothing stored twice
    expect(textOf(stored.updates)).toBe(text);
    expect((await database().load(other)).lastSeq).toBe(2);
    expect(logger.lines).toContainEqual({ level: 'warn', msg: 'stored updates recovered from the journal' });
    // the recovered segment is gone; the new process writes its own
    expect(segmentFiles(dir)).toHaveLength(1);
    await second.close();
  });

  it('ignores a record torn by the crash and keeps every complete one', async () => {
    const dir = newDir();
    const name = `room-${randomUUID()}`;
    const { updates, text } = keystrokes(4);
    const first = JournaledStore.open(database(), options(dir));
    for (const [i, u] of updates.entries()) await first.append(name, i + 1, [u]);
    const end = (first as unknown as { segments: { bytes: number }[] }).segments[0]!.bytes;
    abandon(first);
    // half of a fifth record, after the fourth (over the zeros written ahead): the process died
    // while writing it, so it was never acknowledged
    const file = path.join(dir, segmentFiles(dir)[0]!);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5, 6]), 0, 10, end);
    closeSync(fd);

    const logger = recordingLogger();
    const second = JournaledStore.open(database(), options(dir, { logger }));
    await second.recovered;
    const stored = await database().load(name);
    expect(stored.lastSeq).toBe(4);
    expect(textOf(stored.updates)).toBe(text);
    expect(logger.lines).toContainEqual({ level: 'warn', msg: 'journal ends in an incomplete record; ignoring it' });
    await second.close();
  });

  it('keeps accepting edits while the database is away, then stores them; refuses past its bound', async () => {
    const faulty = new FaultyStore(database());
    const journal = JournaledStore.open(faulty, options(newDir(), { maxUnflushedBytes: 400 }));
    const name = `room-${randomUUID()}`;
    const { updates, text } = keystrokes(40);
    faulty.failFor('append', 60_000);
    let seq = 0;
    let refused: unknown = null;
    for (const u of updates) {
      try {
        await journal.append(name, seq + 1, [u]);
        seq++;
      } catch (error) {
        refused = error;
        break;
      }
    }
    expect(seq).toBeGreaterThan(5);
    await expect(journal.flushAll()).rejects.toThrow();
    expect(refused).toBeInstanceOf(JournalFullError);
    expect(journal.backlogBytes).toBeGreaterThan(400);

    faulty.failFor('append', 0);
    await journal.flushAll();
    expect(journal.backlogBytes).toBe(0);
    for (let i = seq; i < updates.length; i++) {
      await journal.append(name, i + 1, [updates[i]!]);
      await journal.flushAll(); // the database keeps up again
    }
    const loaded = await journal.load(name);
    expect(loaded.lastSeq).toBe(40);
    expect(textOf(loaded.updates)).toBe(text);
    await journal.close();
  });

  it('gives up on a copy the database never answers, and stores it once when the database comes back', async () => {
    const faulty = new FaultyStore(database());
    const journal = JournaledStore.open(faulty, options(newDir(), { copyTimeoutMs: 200 }));
    const name = `room-${randomUUID()}`;
    const { updates, text } = keystrokes(10);
    for (let i = 0; i < 6; i++) await journal.append(name, i + 1, [updates[i]!]);
    const stalled = faulty.pauseNext('append', name);
    await expect(journal.flushAll()).rejects.toThrow('took longer than 200 ms');
    await stalled.reached;
    // edits go on meanwhile
    for (let i = 6; i < 10; i++) await journal.append(name, i + 1, [updates[i]!]);
    // the stalled insert lands after all: the next copy finds its seqs taken and stores the rest
    stalled.release();
    await eventually(async () => expect(await logRecords(name)).toBe(1));
    await journal.flushAll();
    const stored = await database().load(name);
    expect(stored.lastSeq).toBe(10);
    expect(stored.updates).toHaveLength(10);
    expect(textOf(stored.updates)).toBe(text);
    await journal.close();
  });

  it('stores in the database directly once its file cannot be written, losing nothing and reordering nothing', async () => {
    const dir = newDir();
    const logger = recordingLogger();
    const journal = JournaledStore.open(database(), options(dir, { logger }));
    const name = `room-${randomUUID()}`;
    const { updates, text } = keystrokes(6);
    for (let i = 0; i < 3; i++) await journal.append(name, i + 1, [updates[i]!]);
    // the file system fails under it (here: its file is closed behind its back)
    closeSync((journal as unknown as { segments: { fd: number }[] }).segments[0]!.fd);
    for (let i = 3; i < 6; i++) await journal.append(name, i + 1, [updates[i]!]);
    expect(logger.lines).toContainEqual({
      level: 'error',
      msg: 'journal write failed; storing every update in the database directly',
    });
    const stored = await database().load(name);
    expect(stored.lastSeq).toBe(6);
    expect(textOf(stored.updates)).toBe(text);
  });

  it('copies the log before a compaction folds it, so nothing lands below the snapshot', async () => {
    const journal = JournaledStore.open(database(), options(newDir()));
    const name = `room-${randomUUID()}`;
    const { updates, text } = keystrokes(8);
    for (let i = 0; i < 5; i++) await journal.append(name, i + 1, [updates[i]!]);
    const state = Y.mergeUpdates(updates.slice(0, 5));
    expect(await journal.compact(name, state, 5, 0)).toBe(1);
    for (let i = 5; i < 8; i++) await journal.append(name, i + 1, [updates[i]!]);
    await journal.flushAll();
    const stored = await database().load(name);
    expect(stored).toMatchObject({ lastSeq: 8, updatesSinceSnapshot: 3, headVersion: 1 });
    expect(textOf(stored.updates)).toBe(text);
    expect(await models.DocUpdate.countDocuments({ doc: name, lastSeq: { $lte: 5 } })).toBe(0);
    await journal.close();
  });

  it('starts new segment files as they fill and deletes the ones the database holds', async () => {
    const dir = newDir();
    const journal = JournaledStore.open(database(), options(dir, { segmentBytes: 400 }));
    const name = `room-${randomUUID()}`;
    const { updates, text } = keystrokes(60);
    for (const [i, u] of updates.entries()) await journal.append(name, i + 1, [u]);
    expect(segmentFiles(dir).length).toBeGreaterThan(3);
    for (const f of segmentFiles(dir)) expect(statSync(path.join(dir, f)).size).toBeLessThanOrEqual(400 + 100);
    await journal.flushAll();
    expect(segmentFiles(dir)).toHaveLength(1);
    expect(textOf((await database().load(name)).updates)).toBe(text);
    await journal.close();
  });
});
