import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_SYNC } from '../../shared/collab.js';
import { closed, eventually, opened, rawCollabSocket, waitForSync } from '../helpers/clients.js';
import { openProvider, storedDoc, syncUpdateFrame, textUpdate } from '../helpers/collab.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { openCountingProvider } from '../helpers/savedMarker.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A sync step 1 with an empty state vector: the server answers with the whole document. */
function wholeDocumentRequest(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}

describe('a slow reader, a stalled database, a reader who edits', () => {
  let server: TestServer;
  let chair: BuiltUser;
  let member: BuiltUser;
  let observer: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer({
      // the path where every update is committed to the database before it is forwarded (a
      // cluster's, or COLLAB_JOURNAL=off); with the journal, see journal.test.ts
      journal: null,
      collab: {
        maxBufferedBytes: 1024 * 1024,
        maxPendingBytes: 256 * 1024,
        writeTimeoutMs: 800,
        burstBytes: 64 * 1024 * 1024,
      },
    });
    ({ chair, member, observer } = await signInPeople(
      server,
      { chair: 'Amina Haddad', member: 'Marko Petrović', observer: 'Sara Wanjiru' },
      cookies,
    ));
  });
  afterAll(() => server?.close());

  const room = () =>
    buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
      { user: observer, role: 'observer' },
    ]);

  /** Makes every log append hang, as a database that stopped answering would. */
  function stallAppends() {
    // the update log is appended through the driver's collection (see MongoDocumentStore.append)
    const log = server.app.models.DocUpdate.collection as unknown as { insertMany: (...args: unknown[]) => unknown };
    const original = log.insertMany;
    log.insertMany = () => new Promise(() => undefined);
    const restore = () => (log.insertMany = original);
    defer(restore);
    return restore;
  }

  it('a reader that stops reading is closed once too much waits for it; others carry on', async () => {
    const { documentName } = await room();
    const writer = openProvider(defer, server.url, documentName, cookies.get(chair));
    await waitForSync(writer.provider);
    writer.doc.getText('t').insert(0, 'x'.repeat(200 * 1024));
    const witness = openProvider(defer, server.url, documentName, cookies.get(member));
    await waitForSync(witness.provider);
    await eventually(() => expect(witness.doc.getText('t').length).toBe(200 * 1024));

    const reader = rawCollabSocket(server.url, documentName, cookies.get(member));
    defer(() => reader.terminate());
    await opened(reader);
    const gone = closed(reader, 15_000);
    reader.pause();
    for (let i = 0; i < 150; i++) reader.send(wholeDocumentRequest());
    await sleep(1000);
    reader.resume();
    await gone;

    writer.doc.getText('t').insert(0, 'still editing ');
    await eventually(() => expect(witness.doc.getText('t').toString().startsWith('still editing ')).toBe(true));
  });

  it('a database write that never returns closes the connections with 1011; nothing is lost after it returns', async () => {
    const { documentName } = await room();
    const editor = openProvider(defer, server.url, documentName, cookies.get(chair));
    const closes: (number | undefined)[] = [];
    editor.provider.on('connection-close', (event) => closes.push(event?.code));
    await waitForSync(editor.provider);
    const restore = stallAppends();
    editor.doc.getText('t').insert(0, 'Priority 3: youth councils');
    await eventually(() => expect(closes[0]).toBe(CLOSE_CODES.internalError), 3000);
    restore();
    await waitForSync(editor.provider);
    await eventually(async () =>
      expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(
        'Priority 3: youth councils',
      ),
    );
  });

  it('while the database is slow, a connection that queues too much is closed (1011) and not acknowledged', async () => {
    const { documentName } = await room();
    stallAppends();
    const ws = rawCollabSocket(server.url, documentName, cookies.get(member));
    defer(() => ws.terminate());
    await opened(ws);
    const closing = closed(ws, 3000);
    for (let i = 0; i < 40; i++) ws.send(syncUpdateFrame(textUpdate(`${i} `.padEnd(16 * 1024, '.'))));
    // closed at the queue bound, well before the write times out
    expect(await closing).toMatchObject({ code: CLOSE_CODES.internalError });
  });

  it('an observer’s edit is not reported as saved', async () => {
    const { documentName } = await room();
    const reader = openCountingProvider(defer, server.url, documentName, cookies.get(observer));
    await waitForSync(reader.provider);
    const markers = reader.markers();
    reader.doc.getText('t').insert(0, 'an observer cannot edit this');
    await eventually(() => expect(reader.markers()).toBeGreaterThan(markers));
    const { sent, saved } = reader.counts();
    expect(saved).toBeLessThan(sent);
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe('');
  });
});
