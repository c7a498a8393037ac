import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_AWARENESS } from '../../shared/collab.js';
import { openProvider, storedDoc, syncUpdateFrame, textUpdate } from '../helpers/collab.js';
import { closed, eventually, opened, rawCollabSocket, waitForSync } from '../helpers/clients.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

const MAX_FRAME_BYTES = 64 * 1024;

/**
 * Decodes as a Yjs update (`Y.decodeUpdate` accepts it) but cannot be applied: one
 * content-type byte of a real update ("poisoned edit") was changed to an unknown one.
 */
const POISONED_UPDATE = Buffer.from('0102922100040101740d706f69736f6e656420656469744492210d017800', 'hex');

/**
 * "agreed text" typed by client 1, and an edit by client 2 placed after a character of its
 * own that does not exist: a fresh document parks it as pending, this one cannot integrate it.
 */
const AGREED_TEXT = Buffer.from('01010100040101740b616772656564207465787400', 'hex');
const MISPLACED_UPDATE = Buffer.from('01010200c4020501060c20616e6420616d656e64656400', 'hex');

const truncated = syncUpdateFrame(textUpdate('truncated edit'));

/** Frames no y-websocket client sends; each must close only the connection that sent it. */
const MALFORMED_FRAMES: [string, Uint8Array | string][] = [
  ['random bytes', Buffer.from('f3a91c07d2e85b6604ff9e21c0a7', 'hex')],
  ['a text frame', 'hello, is this the sync endpoint?'],
  ['an empty frame', new Uint8Array(0)],
  ['an unknown message type', Uint8Array.of(42, 0, 0)],
  ['a truncated sync message', truncated.subarray(0, truncated.length - 6)],
  ['a sync update that is not a Yjs update', syncUpdateFrame(Uint8Array.of(200, 1, 2, 3, 4, 5))],
  ['a sync update that decodes but cannot be applied', syncUpdateFrame(POISONED_UPDATE)],
  ['an awareness message that is not JSON', Uint8Array.of(MESSAGE_AWARENESS, 6, 1, 7, 1, 2, 0x7b, 0x7b)],
];

describe('frames the sync endpoint must refuse', () => {
  let server: TestServer;
  let chair: BuiltUser;
  let member: BuiltUser;
  let intruder: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer({
      collab: { maxFrameBytes: MAX_FRAME_BYTES, unloadDelayMs: 50, compactAfterUpdates: 500 },
    });
    ({ chair, member, intruder } = await signInPeople(
      server,
      { chair: 'Amina Haddad', member: 'Marko Petrović', intruder: 'Careless Client' },
      cookies,
    ));
  });
  afterAll(() => server?.close());

  /** A fresh document with two editors who must not notice what the third connection does. */
  async function twoEditors() {
    const { documentName } = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
      { user: intruder, role: 'member' },
    ]);
    const editors = [chair, member].map((user) => {
      const client = openProvider(defer, server.url, documentName, cookies.get(user));
      let disconnects = 0;
      client.provider.on('connection-close', () => disconnects++);
      return { ...client, disconnects: () => disconnects };
    });
    await Promise.all(editors.map((e) => waitForSync(e.provider)));
    return { documentName, a: editors[0]!, b: editors[1]! };
  }

  async function reconnect(documentName: string) {
    const reader = openProvider(defer, server.url, documentName, cookies.get(member));
    await waitForSync(reader.provider);
    return reader;
  }

  async function rawSocket(documentName: string) {
    const ws = rawCollabSocket(server.url, documentName, cookies.get(intruder));
    defer(() => ws.terminate());
    await opened(ws);
    return ws;
  }

  it('the test update is really invalid, yet passes a decode-only check', () => {
    expect(() => Y.decodeUpdate(POISONED_UPDATE)).not.toThrow();
    expect(() => Y.applyUpdate(new Y.Doc(), POISONED_UPDATE)).toThrow();
  });

  it.each(MALFORMED_FRAMES)('%s closes only that connection (1007) and stores nothing', async (_name, frame) => {
    const { documentName, a, b } = await twoEditors();
    a.doc.getText('t').insert(0, 'before ');

    const ws = await rawSocket(documentName);
    const closing = closed(ws);
    ws.send(frame);
    expect((await closing).code).toBe(CLOSE_CODES.invalidPayload);

    b.doc.getText('t').insert(0, 'after ');
    a.doc.getText('t').insert(a.doc.getText('t').length, 'التعاون');
    await eventually(() => {
      expect(a.doc.getText('t').length).toBe('after before التعاون'.length);
      expect(b.doc.getText('t').toString()).toBe(a.doc.getText('t').toString());
    });
    expect(a.disconnects()).toBe(0);
    expect(b.disconnects()).toBe(0);
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(
      a.doc.getText('t').toString(),
    );
  });

  it('a frame larger than maxFrameBytes closes that connection (1009) while others keep editing', async () => {
    const { documentName, a, b } = await twoEditors();
    const ws = await rawSocket(documentName);
    const closing = closed(ws);
    ws.send(syncUpdateFrame(textUpdate('x'.repeat(MAX_FRAME_BYTES + 1))));
    expect((await closing).code).toBe(CLOSE_CODES.messageTooBig);

    a.doc.getText('t').insert(0, 'still here');
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('still here'));
    expect(a.disconnects()).toBe(0);
    expect(b.disconnects()).toBe(0);
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe('still here');
  });

  it('a frame just under maxFrameBytes is accepted', async () => {
    const { documentName, b } = await twoEditors();
    const ws = await rawSocket(documentName);
    const text = 'y'.repeat(MAX_FRAME_BYTES - 1024);
    ws.send(syncUpdateFrame(textUpdate(text)));
    await eventually(() => expect(b.doc.getText('t').toString()).toBe(text));
    expect(ws.readyState).toBe(ws.OPEN);
  });

  it('an accepted update goes to everyone else, not back to the connection that sent it', async () => {
    const { documentName, b } = await twoEditors();
    const ws = await rawSocket(documentName);
    const received: Buffer[] = [];
    ws.on('message', (data: Buffer) => received.push(data));
    ws.send(syncUpdateFrame(textUpdate('sent by the raw socket')));
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('sent by the raw socket'));
    // it still hears everyone else
    b.doc.getText('t').insert(0, 'typed by b; ');
    await eventually(() => expect(received.some((f) => f.includes('typed by b; '))).toBe(true));
    expect(received.some((f) => f.includes('sent by the raw socket'))).toBe(false);
  });

  it('an update that fails only against the current state closes only its sender (1007)', async () => {
    const { documentName, a, b } = await twoEditors();
    const ws = await rawSocket(documentName);
    ws.send(syncUpdateFrame(AGREED_TEXT));
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('agreed text'));
    expect(() => Y.applyUpdate(new Y.Doc(), MISPLACED_UPDATE)).not.toThrow();

    const closing = closed(ws);
    ws.send(syncUpdateFrame(MISPLACED_UPDATE));
    expect((await closing).code).toBe(CLOSE_CODES.invalidPayload);

    a.doc.getText('t').insert(0, 'still ');
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('still agreed text'));
    expect(a.disconnects()).toBe(0);
    expect(b.disconnects()).toBe(0);

    server = await server.restart();
    const reader = await reconnect(documentName);
    expect(reader.doc.getText('t').toString()).toBe('still agreed text');
  });

  it('after a restart the document holds the good edits and nothing from refused frames', async () => {
    const { documentName, a, b } = await twoEditors();
    for (const [name, frame] of MALFORMED_FRAMES) {
      const ws = await rawSocket(documentName);
      const closing = closed(ws);
      ws.send(frame);
      expect((await closing).code, name).toBe(CLOSE_CODES.invalidPayload);
      a.doc.getText('t').insert(a.doc.getText('t').length, `${name}; `);
    }
    b.doc.getText('t').insert(0, 'الخطة: ');
    const good = 'الخطة: ' + MALFORMED_FRAMES.map(([name]) => `${name}; `).join('');
    await eventually(() => expect(b.doc.getText('t').toString()).toBe(good));

    server = await server.restart();
    const reader = await reconnect(documentName);
    expect(reader.doc.getText('t').toString()).toBe(good);
  });
});
