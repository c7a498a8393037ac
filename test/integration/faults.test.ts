import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../shared/collab.js';
import { MongoDocumentStore } from '../../server/collab/store.js';
import { openProvider, storedDoc } from '../helpers/collab.js';
import { eventually, login, waitForSync } from '../helpers/clients.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { FaultyStore, failModelStep } from '../helpers/faultyStore.js';
import { openCountingProvider } from '../helpers/savedMarker.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

const COMPACT_AFTER_UPDATES = 8;

/**
 * Faults injected through the store contract: appends, compaction steps and
 * loads that fail or pause on cue. Whatever happens, nothing a client was told
 * is saved is lost, and the document recovers without a restart.
 */
describe('when storage fails', () => {
  let server: TestServer;
  let store: FaultyStore;
  let chair: BuiltUser;
  let member: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer(
      { collab: { compactAfterUpdates: COMPACT_AFTER_UPDATES, writeTimeoutMs: 2000, compactTimeoutMs: 1500 } },
      { documentStore: (models) => (store = new FaultyStore(new MongoDocumentStore(models))) },
    );
    ({ chair, member } = await signInPeople(server, { chair: 'Amina Haddad', member: 'Marko Petrović' }, cookies));
  });
  afterAll(() => server?.close());

  async function twoEditors() {
    const { documentName } = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
    ]);
    const a = openCountingProvider(defer, server.url, documentName, cookies.get(chair));
    const b = openProvider(defer, server.url, documentName, cookies.get(member));
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)]);
    const closes: number[] = [];
    a.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    const text = () => a.doc.getText('t').toString();
    const stored = async () => (await storedDoc(server.app.models, documentName)).getText('t').toString();
    /** Types one line per update, as a person typing would produce many small updates. */
    const type = (lines: string[]) => {
      for (const line of lines) a.doc.getText('t').insert(a.doc.getText('t').length, line);
    };
    return { documentName, a, b, closes, text, stored, type };
  }

  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `priority ${from + i}; `);

  it('a failed write tells the editor "not saved", loses nothing acknowledged, and recovers without a restart', async () => {
    const { a, b, closes, text, stored, type } = await twoEditors();
    type(['Youth councils. ']);
    await a.handled();
    store.failNext('append');
    type(['Helpdesk. ']);
    await eventually(() => expect(closes).toContain(CLOSE_CODES.internalError));
    // the provider reconnects and sends what was not stored again
    await eventually(async () => expect(await stored()).toBe('Youth councils. Helpdesk. '));
    await eventually(() => expect(b.doc.getText('t').toString()).toBe(text()));
  });

  it.each([
    ['writing a snapshot part', 'DocSnapshotPart', 'create'],
    ['committing the head', 'DocHead', 'replaceOne'],
    ['deleting the old parts', 'DocSnapshotPart', 'deleteMany'],
    ['deleting the folded log', 'DocUpdate', 'deleteMany'],
  ] as const)('a compaction crashing while %s leaves every update loadable', async (_step, model, method) => {
    const { documentName, a, text, stored, type } = await twoEditors();
    const crash = failModelStep(server.app.models[model], method);
    try {
      type(lines(0, COMPACT_AFTER_UPDATES * 2));
      await a.handled();
      await eventually(() => expect(crash.hits()).toBeGreaterThan(0));
    } finally {
      crash.restore();
    }
    type(lines(100, 100 + COMPACT_AFTER_UPDATES));
    await a.handled();
    expect(await stored()).toBe(text());
    server = await server.restart();
    const fresh = openProvider(defer, server.url, documentName, await login(server.url, member));
    await waitForSync(fresh.provider);
    expect(fresh.doc.getText('t').toString()).toBe(text());
  });

  it('an append failing while a compaction is held does not let the reload lose what the compaction folds', async () => {
    const { documentName, a, b, closes, text, stored, type } = await twoEditors();
    const held = store.pauseNext('compact', documentName);
    type(lines(0, COMPACT_AFTER_UPDATES + 1));
    await held.reached;
    store.failNext('append');
    type(['after the outage; ']);
    await eventually(() => expect(closes).toContain(CLOSE_CODES.internalError));
    setTimeout(held.release, 300);
    await eventually(async () => expect(await stored()).toBe(text()));
    type(['and later; ']);
    await a.handled();
    await eventually(() => expect(b.doc.getText('t').toString()).toBe(text()));
    expect(await stored()).toBe(text());
  });

  it('the database away for a while: clients are told, nothing acknowledged is lost, all syncs when it returns', async () => {
    const { a, b, closes, text, stored, type } = await twoEditors();
    type(['Before. ']);
    await a.handled();
    store.failFor('append', 1500);
    store.failFor('load', 1500);
    type(['During the outage. ']);
    await eventually(() => expect(closes).toContain(CLOSE_CODES.internalError));
    expect(await stored()).toBe('Before. ');
    await eventually(async () => expect(await stored()).toBe('Before. During the outage. '), 15_000);
    type(['After. ']);
    await a.handled();
    await eventually(() => expect(b.doc.getText('t').toString()).toBe(text()));
    expect(await stored()).toBe('Before. During the outage. After. ');
  });

  it('a compaction that never answers does not keep editors out after a failed write, and does not stop later compactions', async () => {
    const { documentName, a, b, closes, text, stored, type } = await twoEditors();
    const held = store.pauseNext('compact', documentName);
    let heldToo: ReturnType<FaultyStore['pauseNext']> | undefined;
    try {
      type(lines(0, COMPACT_AFTER_UPDATES + 1));
      await held.reached;
      // the reloaded instance's own first compaction waits too, so the held one commits first
      heldToo = store.pauseNext('compact', documentName);
      store.failNext('append');
      type(['after the outage; ']);
      await eventually(() => expect(closes).toContain(CLOSE_CODES.internalError));
      // the compaction is still held: the editors get back in all the same
      await eventually(async () => expect(await stored()).toBe(text()));
      type(['and later; ']);
      await a.handled();
      await eventually(() => expect(b.doc.getText('t').toString()).toBe(text()));
      await heldToo.reached;
    } finally {
      // the old instance's compaction answers at last and commits a head the new instance never read
      held.release();
    }
    await eventually(async () => expect((await headOf(documentName))?.version).toBe(1));
    heldToo.release();
    await eventually(async () => expect((await headOf(documentName))?.version).toBe(2));
    type(lines(200, 200 + COMPACT_AFTER_UPDATES * 2));
    await a.handled();
    await eventually(async () => expect((await headOf(documentName))?.version).toBe(3));
    expect(await stored()).toBe(text());
  });

  it('someone joining while an edit is being stored never sees it before it is stored', async () => {
    const { documentName, a, b, type, stored } = await twoEditors();
    type(['Stored before. ']);
    await a.handled();
    const held = store.pauseNext('append', documentName);
    try {
      type(['Not stored yet. ']);
      await held.reached;
      const newcomer = openProvider(defer, server.url, documentName, cookies.get(member));
      const seen: string[] = [];
      newcomer.doc.on('update', () => seen.push(newcomer.doc.getText('t').toString()));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(seen.every((text) => !text.includes('Not stored yet'))).toBe(true);
      expect(b.doc.getText('t').toString()).toBe('Stored before. ');
      held.release();
      await waitForSync(newcomer.provider);
      await eventually(() => expect(newcomer.doc.getText('t').toString()).toBe('Stored before. Not stored yet. '));
      expect(await stored()).toBe('Stored before. Not stored yet. ');
    } finally {
      held.release();
    }
  });

  it('edits stored while a compaction runs are compacted once it ends, without waiting for another edit', async () => {
    const { documentName, a, text, stored, type } = await twoEditors();
    const held = store.pauseNext('compact', documentName);
    type(lines(0, COMPACT_AFTER_UPDATES + 1));
    await held.reached;
    // a whole threshold's worth arrives while the first compaction is still writing
    type(lines(100, 100 + COMPACT_AFTER_UPDATES + 1));
    await a.handled();
    held.release();
    await eventually(async () => expect((await headOf(documentName))?.version).toBe(2));
    expect(await stored()).toBe(text());
  });

  it('documents reaching the compaction threshold together compact one at a time while edits keep being stored', async () => {
    const rooms = await Promise.all([1, 2, 3, 4].map(() => twoEditors()));
    store.slow('compact', 400);
    store.mostAtOnce.compact = 0;
    const compactionsBefore = store.calls.compact;
    try {
      for (const room of rooms) room.type(lines(0, COMPACT_AFTER_UPDATES + 1));
      await Promise.all(rooms.map((room) => room.a.handled()));
      await eventually(() => expect(store.calls.compact).toBeGreaterThan(compactionsBefore));
      // a compaction is under way (and others wait for it): edits are still stored and seen
      for (const room of rooms) room.type(['while compacting; ']);
      await Promise.all(rooms.map((room) => room.a.handled()));
      for (const room of rooms) await eventually(() => expect(room.b.doc.getText('t').toString()).toBe(room.text()));
      await eventually(() => expect(store.calls.compact).toBeGreaterThanOrEqual(compactionsBefore + rooms.length));
      await eventually(() => expect(store.running.compact).toBe(0));
    } finally {
      store.slow('compact', 0);
    }
    expect(store.mostAtOnce.compact).toBe(1);
    for (const room of rooms) expect(await room.stored()).toBe(room.text());
  });

  async function headOf(documentName: string) {
    return server.app.models.DocHead.findById(documentName).lean();
  }
});
