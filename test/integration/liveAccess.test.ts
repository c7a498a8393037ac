import { randomUUID } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_AWARENESS } from '../../shared/collab.js';
import type { Ack } from '../../shared/errors.js';
import type { PresenceEntry, RoomView } from '../../shared/schemas/rooms.js';
import type { MessageView } from '../../shared/schemas/threads.js';
import { api } from '../helpers/api.js';
import {
  connectSocket,
  eventually,
  login,
  opened,
  rawCollabSocket,
  request,
  upgradeStatus,
  waitForSync,
  type ClientSocket,
} from '../helpers/clients.js';
import { openProvider, storedDoc } from '../helpers/collab.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { openCountingProvider } from '../helpers/savedMarker.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

describe('access changes reach live connections at once', () => {
  let server: TestServer;
  let admin: BuiltUser;
  let chair: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    ({ admin, chair } = await signInPeople(
      server,
      { admin: { name: 'Ana Admin', isAdmin: true }, chair: 'Amina Haddad' },
      cookies,
    ));
  });
  afterAll(() => server?.close());

  /** A fresh room chaired by `chair`, with one member who signs in. */
  async function roomWithMember(name = 'Marko Petrović') {
    const member = await buildUser(server.app.models, { name });
    const room = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
    ]);
    cookies.set(member, await login(server.url, member));
    return { member, ...room };
  }

  /** Connects, joins the room, and records what the socket hears. */
  async function enter(user: BuiltUser, roomId: string, socket?: ClientSocket) {
    socket ??= await connectSocket(server.url, cookies.get(user));
    const s = socket;
    defer(() => s.disconnect());
    const heard = { posted: [] as MessageView[], accessChanged: [] as string[], presence: [] as PresenceEntry[][] };
    s.on('thread:posted', (m) => heard.posted.push(m));
    s.on('room:access-changed', ({ roomId: changed }) => heard.accessChanged.push(changed));
    s.on('room:presence', (p) => heard.presence.push(p.presence));
    expect(await request(s, 'room:join', { roomId })).toMatchObject({ ok: true });
    return { socket: s, heard };
  }

  const post = (socket: ClientSocket, roomId: string, body: string) =>
    request(socket, 'thread:post', { roomId, body, clientId: randomUUID() }) as Promise<Ack<MessageView>>;

  it('a member removed from the group leaves the room on every channel', async () => {
    const { member, groupId, roomId, documentName } = await roomWithMember();
    const them = await enter(member, roomId);
    const chairs = await enter(chair, roomId);
    await eventually(() => expect(chairs.heard.presence.at(-1)?.map((p) => p.userId)).toContain(member.id));
    const editor = openProvider(defer, server.url, documentName, cookies.get(member));
    const closes: (number | undefined)[] = [];
    editor.provider.on('connection-close', (event) => closes.push(event?.code));
    await waitForSync(editor.provider);

    const removed = await api(server.url, 'DELETE', `/api/groups/${groupId}/members/${member.id}`, {
      cookie: cookies.get(admin),
    });
    expect(removed.status).toBe(204);

    await eventually(() => expect(them.heard.accessChanged).toEqual([roomId]), 2000);
    await eventually(() => expect(chairs.heard.presence.at(-1)?.map((p) => p.userId)).toEqual([chair.id]), 2000);
    await eventually(() => expect(closes[0]).toBe(CLOSE_CODES.policyViolation), 2000);

    const body = 'Next meeting in Tetovo — الاجتماع القادم';
    expect(await post(chairs.socket, roomId, body)).toMatchObject({ ok: true });
    // anything broadcast to the removed member before this acknowledgement arrived before it
    expect(await post(them.socket, roomId, 'still here?')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(them.heard.posted.map((m) => m.body)).not.toContain(body);
    expect(await request(them.socket, 'room:join', { roomId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await upgradeStatus(server.url, documentName, cookies.get(member))).toBe(404);
  });

  it('a member demoted to observer is reconnected to the document as a reader', async () => {
    const { member, groupId, roomId, documentName } = await roomWithMember('Youssef Benali');
    const them = await enter(member, roomId);
    const witness = openProvider(defer, server.url, documentName, cookies.get(chair));
    const editor = openCountingProvider(defer, server.url, documentName, cookies.get(member));
    const closes: (number | undefined)[] = [];
    editor.provider.on('connection-close', (event) => closes.push(event?.code));
    await Promise.all([waitForSync(witness.provider), waitForSync(editor.provider)]);
    editor.doc.getText('t').insert(0, 'Priority 1: youth outreach.');
    await eventually(() => expect(witness.doc.getText('t').toString()).toBe('Priority 1: youth outreach.'));

    const changed = await api(server.url, 'PATCH', `/api/groups/${groupId}/members/${member.id}`, {
      cookie: cookies.get(admin),
      body: { role: 'observer' },
    });
    expect(changed.status).toBe(204);
    await eventually(() => expect(closes[0]).toBe(CLOSE_CODES.policyViolation), 2000);
    await eventually(() => expect(them.heard.accessChanged).toEqual([roomId]), 2000);

    await waitForSync(editor.provider);
    const markers = editor.markers();
    editor.doc.getText('t').insert(0, 'OBSERVER EDIT ');
    // handled (a saved marker came back), but not reported as saved
    await eventually(() => expect(editor.markers()).toBeGreaterThan(markers));
    expect(editor.counts().saved).toBeLessThan(editor.counts().sent);
    expect(witness.doc.getText('t').toString()).toBe('Priority 1: youth outreach.');
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(
      'Priority 1: youth outreach.',
    );

    // on the socket, joining again tells them what they may do now; they may still comment
    const rejoined = (await request(them.socket, 'room:join', { roomId })) as Ack<{ room: RoomView }>;
    expect(rejoined).toMatchObject({ ok: true, data: { room: { abilities: { edit: false, comment: true } } } });
    expect(await post(them.socket, roomId, 'Noted, thank you.')).toMatchObject({ ok: true });
  });

  /** A socket that reconnects on its own and asks to recover its state, as the browser client does. */
  async function recoveringSocket(cookie: string | undefined): Promise<ClientSocket> {
    const socket: ClientSocket = io(server.url, {
      transports: ['websocket'],
      extraHeaders: cookie ? { cookie } : {},
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
      forceNew: true,
    });
    defer(() => socket.disconnect());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  it('a connection that comes back after its sessions were ended is refused, recovery or not', async () => {
    const { member, roomId } = await roomWithMember();
    const socket = await recoveringSocket(cookies.get(member));
    await enter(member, roomId, socket);
    const errors: string[] = [];
    socket.on('connect_error', (error) => errors.push(error.message));
    let reconnected = false;
    socket.on('connect', () => (reconnected = true));

    await server.app.models.Session.deleteMany({ userId: member.id });
    socket.io.engine.close();

    await eventually(() => expect(errors).toEqual(['unauthenticated']), 5000);
    expect(reconnected).toBe(false);
    expect(socket.connected).toBe(false);
  });

  it('a connection whose room access ended while it was down starts afresh instead of recovering', async () => {
    const { member, groupId, roomId } = await roomWithMember();
    const socket = await recoveringSocket(cookies.get(member));
    const them = await enter(member, roomId, socket);
    const chairs = await enter(chair, roomId);
    // a broadcast the member received gives the connection a point to recover from
    expect(await post(chairs.socket, roomId, 'Welcome, everyone.')).toMatchObject({ ok: true });
    await eventually(() => expect(them.heard.posted).toHaveLength(1));

    // membership ends while the connection is down, with nobody told
    await server.app.models.Membership.deleteOne({ groupId, userId: member.id });
    const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.io.engine.close();
    await reconnected;

    // recovery would give back the room (and replay what it missed): a fresh connection joins again instead
    expect(socket.recovered).toBe(false);
    expect(await request(socket, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const body = 'Confidential draft — مسودة سرية';
    expect(await post(chairs.socket, roomId, body)).toMatchObject({ ok: true });
    expect(await post(socket, roomId, 'hello?')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(them.heard.posted.map((m) => m.body)).not.toContain(body);
  });
});

describe('awareness shows who people really are', () => {
  let server: TestServer;
  let amina: BuiltUser;
  let marko: BuiltUser;
  let sara: BuiltUser;
  let documentName: string;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    [amina, marko, sara] = await Promise.all([
      buildUser(server.app.models, { name: 'Amina Haddad' }),
      buildUser(server.app.models, { name: 'Marko Petrović' }),
      buildUser(server.app.models, { name: 'Sara Wanjiru' }),
    ]);
    ({ documentName } = await buildRoom(server.app.models, [
      { user: amina, role: 'chair' },
      { user: marko, role: 'member' },
      { user: sara, role: 'member' },
    ]));
    for (const user of [amina, marko, sara]) cookies.set(user, await login(server.url, user));
  });
  afterAll(() => server?.close());

  const realUser = (user: BuiltUser) => ({ id: user.id, name: user.name, color: '#0f766e' });

  it("a provider claiming another name is shown to others under its person's real name", async () => {
    const forger = openProvider(defer, server.url, documentName, cookies.get(marko));
    const viewer = openProvider(defer, server.url, documentName, cookies.get(amina));
    await Promise.all([waitForSync(forger.provider), waitForSync(viewer.provider)]);

    forger.provider.awareness.setLocalState({
      user: { name: 'Somebody Else', color: '#000000', id: 'forged' },
      cursor: { anchor: 3 },
    });
    await eventually(() =>
      expect(viewer.provider.awareness.getStates().get(forger.doc.clientID)).toEqual({
        user: realUser(marko),
        cursor: { anchor: 3 },
      }),
    );
  });

  it("a connection cannot speak for another connection's awareness client id", async () => {
    const victim = openProvider(defer, server.url, documentName, cookies.get(amina));
    const viewer = openProvider(defer, server.url, documentName, cookies.get(sara));
    await Promise.all([waitForSync(victim.provider), waitForSync(viewer.provider)]);
    victim.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    const victimId = victim.doc.clientID;
    const genuine = { user: realUser(amina), cursor: { anchor: 1 } };
    await eventually(() => expect(viewer.provider.awareness.getStates().get(victimId)).toEqual(genuine));

    const attacker = rawCollabSocket(server.url, documentName, cookies.get(marko));
    defer(() => attacker.close());
    await opened(attacker);
    // the victim's client id, with a clock far ahead of theirs: first a new state, then a removal
    attacker.send(awarenessFrame(victimId, { user: { name: 'Amina Haddad' }, cursor: { anchor: 99 } }, 50));
    attacker.send(awarenessFrame(victimId, null, 100));
    // then a state under a client id of its own, which the viewer sees once everything before it was handled
    const ownId = victimId + 1;
    attacker.send(awarenessFrame(ownId, { cursor: { anchor: 7 } }, 1));
    await eventually(() =>
      expect(viewer.provider.awareness.getStates().get(ownId)).toEqual({
        user: realUser(marko),
        cursor: { anchor: 7 },
      }),
    );

    expect(viewer.provider.awareness.getStates().get(victimId)).toEqual(genuine);
    expect(attacker.readyState).toBe(attacker.OPEN);
  });
});

/** A y-websocket awareness frame for `clientId` at (at least) `clock`, built with the stock encoder. */
function awarenessFrame(clientId: number, state: Record<string, unknown> | null, clock: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  for (let i = 0; i < clock; i++) awareness.setLocalState({ tick: i });
  awareness.setLocalState(state);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]));
  awareness.destroy();
  doc.destroy();
  return encoding.toUint8Array(encoder);
}
