import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, MESSAGE_AWARENESS } from '../../shared/collab.js';
import { closed, eventually, opened, rawCollabSocket, waitForSync } from '../helpers/clients.js';
import { openProvider, storedDoc, syncUpdateFrame } from '../helpers/collab.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

/** "agreed text" typed by client 1 (see collabFrames.test.ts). */
const AGREED_TEXT = Buffer.from('01010100040101740b616772656564207465787400', 'hex');
/** An edit by client 2 placed after a character of its own that does not exist: applies to an empty document only. */
/** GARBAGE inserted by client 999999, merged with MISPLACED_UPDATE: integrates that much, then throws. */
const PARTLY_APPLYING_UPDATE = Buffer.from(
  '0201bf843d0004010174084741524241474520010200c4020501060c20616e6420616d656e64656400',
  'hex',
);
const MISPLACED_UPDATE = Buffer.from('01010200c4020501060c20616e6420616d656e64656400', 'hex');

/** One awareness frame with a state for each of `entries`, encoded as the y-protocols encoder does. */
function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

describe('the sync server under a careless or hostile editor', () => {
  let server: TestServer;
  let amina: BuiltUser;
  let marko: BuiltUser;
  let sara: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    ({ amina, marko, sara } = await signInPeople(
      server,
      { amina: 'Amina Haddad', marko: 'Marko Petrović', sara: 'Sara Wanjiru' },
      cookies,
    ));
  });
  afterAll(() => server?.close());

  async function room() {
    const { documentName } = await buildRoom(server.app.models, [
      { user: amina, role: 'chair' },
      { user: marko, role: 'member' },
      { user: sara, role: 'member' },
    ]);
    return documentName;
  }

  async function editor(documentName: string, user: BuiltUser) {
    const client = openProvider(defer, server.url, documentName, cookies.get(user));
    let disconnects = 0;
    client.provider.on('connection-close', () => disconnects++);
    await waitForSync(client.provider);
    return { ...client, disconnects: () => disconnects };
  }

  async function raw(documentName: string, user: BuiltUser) {
    const ws = rawCollabSocket(server.url, documentName, cookies.get(user));
    defer(() => ws.terminate());
    await opened(ws);
    return ws;
  }

  const realUser = (user: BuiltUser) => ({ id: user.id, name: user.name, color: '#0f766e' });

  it('an update that applies to an empty document but not to this one closes only its sender, and is not stored', async () => {
    const documentName = await room();
    const [a, b] = [await editor(documentName, amina), await editor(documentName, sara)];
    const ws = await raw(documentName, marko);
    ws.send(syncUpdateFrame(AGREED_TEXT));
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('agreed text'));

    const closing = closed(ws);
    ws.send(syncUpdateFrame(MISPLACED_UPDATE));
    expect((await closing).code).toBe(CLOSE_CODES.invalidPayload);
    a.doc.getText('t').insert(0, 'still ');
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('still agreed text'));
    expect(a.disconnects()).toBe(0);
    expect(b.disconnects()).toBe(0);

    server = await server.restart();
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe('still agreed text');
    const reader = await editor(documentName, sara);
    expect(reader.doc.getText('t').toString()).toBe('still agreed text');
  });

  it('an update that integrates in part before it fails leaves nothing of itself behind', async () => {
    const documentName = await room();
    const [a, b] = [await editor(documentName, amina), await editor(documentName, sara)];
    const ws = await raw(documentName, marko);
    ws.send(syncUpdateFrame(AGREED_TEXT));
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('agreed text'));
    // a valid insertion by another client id, merged with the misplaced one: the first integrates, then it throws
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, AGREED_TEXT);
    expect(() => Y.applyUpdate(scratch, PARTLY_APPLYING_UPDATE)).toThrow();
    expect(scratch.getText('t').toString()).toContain('GARBAGE');

    const closing = closed(ws);
    ws.send(syncUpdateFrame(PARTLY_APPLYING_UPDATE));
    expect((await closing).code).toBe(CLOSE_CODES.invalidPayload);
    a.doc.getText('t').insert(0, 'still ');
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('still agreed text'));
    const newcomer = await editor(documentName, marko);
    expect(newcomer.doc.getText('t').toString()).toBe('still agreed text');
    newcomer.doc.getText('t').insert(newcomer.doc.getText('t').length, ', and amended');
    await eventually(() => expect(a.doc.getText('t').toString()).toBe('still agreed text, and amended'));
    expect(a.disconnects()).toBe(0);
    expect(b.disconnects()).toBe(0);

    server = await server.restart();
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(
      'still agreed text, and amended',
    );
  });

  it('a provider that reconnects keeps its awareness client id: nobody else can take it over', async () => {
    const documentName = await room();
    const victim = await editor(documentName, amina);
    const viewer = await editor(documentName, sara);
    victim.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    const victimId = victim.doc.clientID;
    const genuine = { user: realUser(amina), cursor: { anchor: 1 } };
    await eventually(() => expect(viewer.provider.awareness.getStates().get(victimId)).toEqual(genuine));

    victim.provider.disconnect();
    await eventually(() => expect(viewer.provider.awareness.getStates().has(victimId)).toBe(false));
    victim.provider.connect();
    await waitForSync(victim.provider);
    await eventually(() => expect(viewer.provider.awareness.getStates().get(victimId)).toEqual(genuine));

    const attacker = await raw(documentName, marko);
    const clock = victim.provider.awareness.meta.get(victimId)!.clock + 50;
    attacker.send(awarenessFrame([{ clientId: victimId, clock, state: { cursor: { anchor: 99 } } }]));
    attacker.send(awarenessFrame([{ clientId: victimId, clock: clock + 1, state: null }]));
    const ownId = victimId + 1;
    attacker.send(awarenessFrame([{ clientId: ownId, clock: 1, state: { cursor: { anchor: 7 } } }]));
    await eventually(() =>
      expect(viewer.provider.awareness.getStates().get(ownId)).toEqual({
        user: realUser(marko),
        cursor: { anchor: 7 },
      }),
    );
    expect(viewer.provider.awareness.getStates().get(victimId)).toEqual(genuine);
  });

  it('a connection cannot fill the awareness of others by inventing client ids', async () => {
    const documentName = await room();
    const viewer = await editor(documentName, sara);
    const attacker = await raw(documentName, marko);
    const invented = Array.from({ length: 500 }, (_, i) => ({ clientId: 1_000_000 + i, clock: 1, state: { i } }));
    attacker.send(awarenessFrame(invented));
    attacker.send(awarenessFrame([{ clientId: 7, clock: 1, state: { last: true } }]));
    await eventually(() => expect(viewer.provider.awareness.getStates().size).toBeGreaterThan(1));
    await new Promise((r) => setTimeout(r, 200));
    const fromMarko = [...viewer.provider.awareness.getStates().values()].filter(
      (state) => (state as { user?: { id?: string } }).user?.id === marko.id,
    );
    expect(fromMarko.length).toBeGreaterThan(0);
    expect(fromMarko.length).toBeLessThanOrEqual(4);
    expect(attacker.readyState).toBe(attacker.OPEN);
  });
});
