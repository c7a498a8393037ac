import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/api.js';
import { connectSocket, eventually, login, request, type ClientSocket } from '../helpers/clients.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

describe('a reconnecting socket is checked before it is given what it missed', () => {
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

  /** A socket that asks to recover its state when it connects again, as the browser client does. */
  async function recoveringSocket(cookie: string | undefined): Promise<ClientSocket> {
    const socket: ClientSocket = io(server.url, {
      transports: ['websocket'],
      extraHeaders: cookie ? { cookie } : {},
      reconnection: false,
      forceNew: true,
    });
    defer(() => socket.disconnect());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  async function scenario(revoke: (member: BuiltUser, groupId: string) => Promise<void>) {
    const member = await buildUser(server.app.models, { name: 'Marko Petrović' });
    const { groupId, roomId } = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
    ]);
    cookies.set(member, await login(server.url, member));
    const socket = await recoveringSocket(cookies.get(member));
    const heard: string[] = [];
    socket.on('thread:posted', (m) => heard.push(m.body));
    expect(await request(socket, 'room:join', { roomId })).toMatchObject({ ok: true });
    const chairSocket = await connectSocket(server.url, cookies.get(chair));
    defer(() => chairSocket.disconnect());
    expect(await request(chairSocket, 'room:join', { roomId })).toMatchObject({ ok: true });
    const post = (body: string) => request(chairSocket, 'thread:post', { roomId, body, clientId: randomUUID() });
    // a broadcast the member received gives the connection a point to recover from
    expect(await post('Welcome, everyone.')).toMatchObject({ ok: true });
    await eventually(() => expect(heard).toEqual(['Welcome, everyone.']));

    const dropped = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    socket.io.engine.close();
    await dropped;
    await revoke(member, groupId);
    const secret = 'Confidential draft — مسودة سرية';
    expect(await post(secret)).toMatchObject({ ok: true });

    const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.connect();
    await reconnected;
    await new Promise((r) => setTimeout(r, 200));
    return { socket, heard, secret, roomId };
  }

  it('a member removed while disconnected does not receive the messages they missed', async () => {
    const { socket, heard, secret, roomId } = await scenario(async (member, groupId) => {
      const removed = await api(server.url, 'DELETE', `/api/groups/${groupId}/members/${member.id}`, {
        cookie: cookies.get(admin),
      });
      expect(removed.status).toBe(204);
    });
    expect(heard).not.toContain(secret);
    expect(await request(socket, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a member whose membership ended unannounced does not receive them either', async () => {
    const { heard, secret } = await scenario(async (member, groupId) => {
      await server.app.models.Membership.deleteOne({ groupId, userId: member.id });
    });
    expect(heard).not.toContain(secret);
  });

  it('a member still allowed recovers and receives what they missed', async () => {
    const { socket, heard, secret } = await scenario(async () => undefined);
    expect(socket.recovered).toBe(true);
    expect(heard).toContain(secret);
  });
});
