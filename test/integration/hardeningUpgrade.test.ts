import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/api.js';
import { connectSocket, eventually, login, request, upgradeStatus } from '../helpers/clients.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { gateQueries } from '../helpers/gate.js';
import { rawUpgrade, statusOf } from '../helpers/rawHttp.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the sync endpoint survives hostile upgrades', () => {
  let server: TestServer;
  let chair: BuiltUser;
  let cookie: string;

  beforeAll(async () => {
    server = await startServer();
    chair = await buildUser(server.app.models, { name: 'Amina Haddad' });
    cookie = await login(server.url, chair);
  });
  afterAll(() => server?.close());

  it.each(['/collab/%E0%A4%A', '/collab/%', '/collab/%ZZ', '/collab/%C0%AF'])(
    'an upgrade to %s is answered 400 and the server keeps serving',
    async (path) => {
      expect(await statusOf(rawUpgrade(server.url, path))).toBe(400);
      expect(await statusOf(rawUpgrade(server.url, path, cookie))).toBe(400);
      const { documentName } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]);
      expect(await upgradeStatus(server.url, documentName, cookie)).toBe(101);
    },
  );

  it('a client that resets the connection during the checks leaves no document loaded', async () => {
    const { documentName } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]);
    await eventually(() => expect(server.app.collab.loadedCount).toBe(0));
    const gate = gateQueries(server.app.models.DocHead, 'findById');
    const socket = rawUpgrade(server.url, `/collab/${documentName}`, cookie);
    socket.on('error', () => undefined);
    await gate.reached;
    socket.resetAndDestroy();
    await sleep(50);
    gate.release();
    await sleep(300);
    await eventually(() => expect(server.app.collab.loadedCount).toBe(0), 3000);
    // and the document still opens normally
    expect(await upgradeStatus(server.url, documentName, cookie)).toBe(101);
  });
});

describe('access revoked while a connection is being set up', () => {
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

  async function roomWithMember() {
    const member = await buildUser(server.app.models, { name: 'Marko Petrović' });
    const room = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
    ]);
    cookies.set(member, await login(server.url, member));
    return { member, ...room };
  }

  /** Holds the member's permission read (already answered "member") until the removal went through. */
  async function removeDuringCheck(member: BuiltUser, groupId: string, start: () => Promise<unknown>) {
    const gate = gateQueries(server.app.models.Membership, 'find', {
      when: 'after',
      // one person's read, or a batch of concurrent ones ({ userId: { $in: [...] } }) that includes them
      match: (filter) => {
        const userId = (filter as { userId?: string | { $in?: string[] } })?.userId;
        return userId === member.id || (typeof userId === 'object' && !!userId.$in?.includes(member.id));
      },
    });
    const outcome = start();
    await gate.reached;
    const removed = await api(server.url, 'DELETE', `/api/groups/${groupId}/members/${member.id}`, {
      cookie: cookies.get(admin),
    });
    expect(removed.status).toBe(204);
    gate.release();
    return outcome;
  }

  it('a sync connection whose access was revoked during its checks is refused', async () => {
    const { member, groupId, documentName } = await roomWithMember();
    const status = await removeDuringCheck(member, groupId, () =>
      upgradeStatus(server.url, documentName, cookies.get(member)),
    );
    expect(status).toBe(404);
  });

  it('a room:join whose access was revoked during its checks is refused and hears nothing', async () => {
    const { member, groupId, roomId } = await roomWithMember();
    const socket = await connectSocket(server.url, cookies.get(member));
    const chairSocket = await connectSocket(server.url, cookies.get(chair));
    defer(() => socket.disconnect());
    defer(() => chairSocket.disconnect());
    const heard: string[] = [];
    socket.on('thread:posted', (m) => heard.push(m.body));
    expect(await request(chairSocket, 'room:join', { roomId })).toMatchObject({ ok: true });

    const joined = await removeDuringCheck(member, groupId, () => request(socket, 'room:join', { roomId }));
    expect(joined).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const body = 'Closed session notes — ملاحظات الجلسة المغلقة';
    expect(await request(chairSocket, 'thread:post', { roomId, body, clientId: randomUUID() })).toMatchObject({
      ok: true,
    });
    await sleep(200);
    expect(heard).not.toContain(body);
  });
});
