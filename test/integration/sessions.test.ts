import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../shared/schemas/auth.js';
import type { RoomView } from '../../shared/schemas/rooms.js';
import { CLOSE_CODES } from '../../shared/collab.js';
import { SessionStore } from '../../server/auth/sessions.js';
import { InProcessBus } from '../../server/realtime/bus.js';
import { api, expectError, type Reply } from '../helpers/api.js';
import { connectSocket, eventually, login, request, upgradeStatus, waitForSync } from '../helpers/clients.js';
import { openProvider } from '../helpers/collab.js';
import { buildRoom, buildUser, TEST_PASSWORD, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';

function signIn(
  server: TestServer,
  user: Pick<BuiltUser, 'email'>,
  password: string,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<Reply<{ user: Me }>> {
  return api(server.url, 'POST', '/api/auth/login', { ...options, body: { email: user.email, password } });
}

const me = (server: TestServer, cookie: string | undefined) =>
  api<{ user: Me }>(server.url, 'GET', '/api/me', { cookie });

function expectRateLimited(reply: Reply<unknown>, windowSeconds: number): void {
  expectError(reply, 429, 'rate_limited');
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(reply.cookie).toBeUndefined();
}

describe('sign-in attempts are limited', () => {
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

  it('per account and address: after three wrong passwords the right one waits there, not from elsewhere', async () => {
    const server = await startServer({
      login: { maxFailuresPerAccount: 3, maxAttemptsPerIp: 100_000, windowMs: 60_000 },
    });
    try {
      const [person, colleague] = await Promise.all([buildUser(server.app.models), buildUser(server.app.models)]);
      for (let i = 0; i < 3; i++) {
        expectError(await signIn(server, person, 'not my password at all'), 401, 'invalid_credentials');
      }
      expectRateLimited(await signIn(server, person, TEST_PASSWORD), 60);
      expectRateLimited(await signIn(server, { email: person.email.toUpperCase() }, TEST_PASSWORD), 60);
      expect((await signIn(server, colleague, TEST_PASSWORD)).status).toBe(200);
      // someone guessing from one address does not lock the mayor out at home
      expect((await signIn(server, person, TEST_PASSWORD, from('203.0.113.7'))).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('per address: only failures count, so a venue behind one address signs in; past the ceiling it waits', async () => {
    const server = await startServer({ login: { maxFailuresPerAccount: 100, maxAttemptsPerIp: 4, windowMs: 60_000 } });
    try {
      const venue = await Promise.all(Array.from({ length: 5 }, () => buildUser(server.app.models)));
      for (const mayor of venue) expect((await signIn(server, mayor, TEST_PASSWORD)).status).toBe(200);
      for (const guess of ['a wrong guess', 'another guess', 'third guess'])
        expect((await signIn(server, venue[0]!, guess)).status).toBe(401);
      expect((await signIn(server, { email: 'nobody@city.example' }, TEST_PASSWORD)).status).toBe(401);
      expectRateLimited(await signIn(server, venue[2]!, TEST_PASSWORD), 60);
      expectRateLimited(await signIn(server, venue[1]!, TEST_PASSWORD), 60);
      // the server trusts a proxy on loopback to say who the client is: another address still signs in
      expect((await signIn(server, venue[2]!, TEST_PASSWORD, from('203.0.113.7'))).status).toBe(200);
    } finally {
      await server.close();
    }
  }, 90_000); // argon2 for every sign-in: slow on a shared machine
});

describe('sessions', () => {
  let server: TestServer;
  let admin: BuiltUser;
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    admin = await buildUser(server.app.models, { name: 'Ana Admin', isAdmin: true });
  });
  afterAll(() => server?.close());

  it('signing in starts a new session id, and ends the one this browser had', async () => {
    const person = await buildUser(server.app.models);
    const first = await signIn(server, person, TEST_PASSWORD);
    expect(first.status).toBe(200);
    const otherBrowser = (await signIn(server, person, TEST_PASSWORD)).cookie!;
    const again = await signIn(server, person, TEST_PASSWORD, { cookie: first.cookie! });
    expect(again.status).toBe(200);
    expect(again.cookie).toBeDefined();
    expect(again.cookie).not.toBe(first.cookie);

    expectError(await me(server, first.cookie), 401, 'unauthenticated');
    expect((await me(server, again.cookie)).body.user.id).toBe(person.id);
    // signing in again in one browser leaves the person's other browsers alone
    expect((await me(server, otherBrowser)).status).toBe(200);
  });

  it('after a role change the next request continues on a new session id; the old one stops working, open sockets follow', async () => {
    const member = await buildUser(server.app.models);
    const { groupId, roomId } = await buildRoom(server.app.models, [{ user: member, role: 'member' }]);
    const old = await login(server.url, member);
    const before = await api<{ room: RoomView }>(server.url, 'GET', `/api/rooms/${roomId}`, { cookie: old });
    expect(before.body.room.abilities.edit).toBe(true);
    expect(before.cookie).toBeUndefined();
    const socket = await connectSocket(server.url, old);
    defer(() => socket.disconnect());
    expect(await request(socket, 'room:join', { roomId })).toMatchObject({ ok: true });

    const changed = await api(server.url, 'PATCH', `/api/groups/${groupId}/members/${member.id}`, {
      cookie: await login(server.url, admin),
      body: { role: 'observer' },
    });
    expect(changed.status).toBe(204);

    const next = await api<{ room: RoomView }>(server.url, 'GET', `/api/rooms/${roomId}`, { cookie: old });
    expect(next.status).toBe(200);
    expect(next.body.room.abilities.edit).toBe(false);
    expect(next.cookie).toBeDefined();
    expect(next.cookie).not.toBe(old);
    expect(next.headers.getSetCookie().join('\n')).toMatch(/HttpOnly/i);

    expectError(await me(server, old), 401, 'unauthenticated');
    const after = await me(server, next.cookie);
    expect(after.status).toBe(200);
    expect(after.cookie).toBeUndefined();

    // the browser's open connection continues on the renewed session, with the new rights…
    expect(await request(socket, 'room:join', { roomId })).toMatchObject({
      ok: true,
      data: { room: { abilities: { edit: false } } },
    });
    const posted = await request(socket, 'thread:post', { roomId, body: 'Noted.', clientId: randomUUID() });
    expect(posted).toMatchObject({ ok: true });
    expect(socket.connected).toBe(true);
    // …and ends with it
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await api(server.url, 'POST', '/api/auth/logout', { cookie: next.cookie })).status).toBe(204);
    await expect(request(socket, 'thread:history', { roomId })).rejects.toThrow();
    expect(await disconnected).toBe('io server disconnect');
  });

  it('signing out everywhere ends every session of the person and closes their live connections', async () => {
    const { models } = server.app;
    const [person, bystander] = await Promise.all([buildUser(models), buildUser(models)]);
    const { roomId, documentName } = await buildRoom(models, [
      { user: person, role: 'member' },
      { user: bystander, role: 'member' },
    ]);
    const laptop = await login(server.url, person);
    const phone = await login(server.url, person);
    const bystanderCookie = await login(server.url, bystander);

    const sockets = [await connectSocket(server.url, laptop), await connectSocket(server.url, phone)];
    const bystanderSocket = await connectSocket(server.url, bystanderCookie);
    for (const socket of [...sockets, bystanderSocket]) defer(() => socket.disconnect());
    const disconnects: string[] = [];
    for (const socket of sockets) socket.on('disconnect', (reason) => disconnects.push(reason));

    const editor = openProvider(defer, server.url, documentName, phone);
    const witness = openProvider(defer, server.url, documentName, bystanderCookie);
    const closes: (number | undefined)[] = [];
    const witnessCloses: (number | undefined)[] = [];
    editor.provider.on('connection-close', (event) => closes.push(event?.code));
    witness.provider.on('connection-close', (event) => witnessCloses.push(event?.code));
    await Promise.all([waitForSync(editor.provider), waitForSync(witness.provider)]);

    const res = await api(server.url, 'POST', '/api/auth/logout-everywhere', { cookie: laptop });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/^rt_session=;/m);

    expectError(await me(server, laptop), 401, 'unauthenticated');
    expectError(await me(server, phone), 401, 'unauthenticated');
    expect(await models.Session.countDocuments({ userId: person.id })).toBe(0);
    await eventually(() => expect(disconnects).toEqual(['io server disconnect', 'io server disconnect']));
    await eventually(() => expect(closes[0]).toBe(CLOSE_CODES.policyViolation));
    expect(await upgradeStatus(server.url, documentName, phone)).toBe(401);
    await expect(connectSocket(server.url, phone)).rejects.toThrow('unauthenticated');

    expect(bystanderSocket.connected).toBe(true);
    expect(await request(bystanderSocket, 'thread:history', { roomId })).toMatchObject({ ok: true });
    expect(witnessCloses).toEqual([]);
    expect((await me(server, bystanderCookie)).status).toBe(200);
  });
});

describe('idle sessions', () => {
  // long enough that signing in and one request fit in it on a loaded machine
  const IDLE_MS = 2000;
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ sessionIdleMs: IDLE_MS });
  });
  afterAll(() => server?.close());

  it('a session unused for longer than the idle time is refused', async () => {
    const person = await buildUser(server.app.models);
    const cookie = await login(server.url, person);
    expect((await me(server, cookie)).status).toBe(200);

    // leave the computer for longer than the idle time
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS + 100));

    expectError(await me(server, cookie), 401, 'unauthenticated');
    expect(await server.app.models.Session.countDocuments({ userId: person.id })).toBe(0);
    expect((await me(server, await login(server.url, person))).status).toBe(200);
  });
});

describe('recording that a session is used', () => {
  const IDLE_MS = 5 * 60_000;
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ sessionIdleMs: IDLE_MS });
  });
  afterAll(() => server?.close());

  it('the periodic check records an open connection’s use only once the stored one is a twentieth of the idle time old', async () => {
    const { Session } = server.app.models;
    const sessions = new SessionStore(
      server.app.models,
      server.config.sessionSecret,
      { maxAgeMs: server.config.sessionTtlMs, idleMs: IDLE_MS },
      new InProcessBus(),
    );
    const [busy, quiet] = [await buildUser(server.app.models), await buildUser(server.app.models)];
    const busyToken = (await login(server.url, busy)).split('=')[1]!;
    const quietToken = (await login(server.url, quiet)).split('=')[1]!;
    const lastSeen = async (userId: string) => (await Session.findOne({ userId }).lean())!.lastSeenAt.getTime();
    const setLastSeen = (userId: string, at: number) =>
      Session.updateMany({ userId }, { $set: { lastSeenAt: new Date(at) } });

    // used a few seconds ago: nothing to write (with 200 people, 200 writes every check)
    const recent = Date.now() - 5_000;
    await setLastSeen(busy.id, recent);
    await sessions.checkLive([busyToken, quietToken], [busyToken]);
    expect(await lastSeen(busy.id)).toBe(recent);

    // a twentieth of the idle time (15 s of 5 min) ago: recorded, which moves the idle limit on
    const older = Date.now() - 20_000;
    await setLastSeen(busy.id, older);
    await setLastSeen(quiet.id, older);
    await sessions.checkLive([busyToken, quietToken], [busyToken]);
    expect(await lastSeen(busy.id)).toBeGreaterThan(Date.now() - 5_000);
    // a connection that sent nothing is not in use
    expect(await lastSeen(quiet.id)).toBe(older);
  });

  it('a request more than a minute after the last one records the use, which moves the idle limit on', async () => {
    const person = await buildUser(server.app.models);
    const cookie = await login(server.url, person);
    const { Session } = server.app.models;
    // last used four and a half minutes ago: thirty seconds of idle time left
    const longAgo = new Date(Date.now() - IDLE_MS + 30_000);
    await Session.updateMany({ userId: person.id }, { $set: { lastSeenAt: longAgo } });

    expect((await me(server, cookie)).status).toBe(200);
    // recorded without holding up the answer; it lands right after
    await eventually(async () => {
      const [session] = await Session.find({ userId: person.id }).lean();
      expect(session!.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    }, 5000);
    expect((await me(server, cookie)).status).toBe(200);
  });
});
