import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../server/http/health.js';
import { login } from '../helpers/clients.js';
import { buildRoom, buildUser, TEST_PASSWORD, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('REST API', () => {
  let server: TestServer;
  let chair: BuiltUser;
  let admin: BuiltUser;
  let loner: BuiltUser;
  let chairCookie: string;
  let ownRoom: { roomId: string; documentName: string };
  let otherRoom: { roomId: string; documentName: string };

  beforeAll(async () => {
    server = await startServer();
    const { models } = server.app;
    [chair, admin, loner] = await Promise.all([
      buildUser(models, { name: 'Amina Haddad' }),
      buildUser(models, { name: 'Platform Admin', isAdmin: true }),
      buildUser(models, { name: 'Not In Any Group' }),
    ]);
    const stranger = await buildUser(models, { name: 'Marko Petrović' });
    ownRoom = await buildRoom(models, [{ user: chair, role: 'chair' }], { title: 'Sousse youth council' });
    otherRoom = await buildRoom(models, [{ user: stranger, role: 'chair' }], { title: 'Mostar steering committee' });
    chairCookie = await login(server.url, chair);
  });
  afterAll(() => server?.close());

  function api(path: string, init: RequestInit & { cookie?: string } = {}) {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    return fetch(`${server.url}/api${path}`, { ...init, headers });
  }

  function postJson(path: string, body: unknown, init: RequestInit & { cookie?: string } = {}) {
    const headers = new Headers(init.headers);
    headers.set('content-type', 'application/json');
    return api(path, {
      ...init,
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async function expectError(res: Response, status: number, code: string) {
    expect({ status: res.status, body: await res.json() }).toMatchObject({
      status,
      body: { error: { code, message: expect.any(String) } },
    });
  }

  describe('health', () => {
    it('reports ok with the database up and the version', async () => {
      const res = await api('/health');
      expect(res.status).toBe(200);
      // one node: its sync journal too (see health.test.ts)
      expect(await res.json()).toEqual({
        status: 'ok',
        db: 'up',
        journal: { state: 'writing', backlogBytes: expect.any(Number), syncs: 'event-loop' },
        version: VERSION,
      });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    });

    it('answers an unknown API route with a JSON 404', async () => {
      await expectError(await api('/no-such-thing'), 404, 'not_found');
    });
  });

  describe('sign-in', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie and returns the person', async () => {
      const res = await postJson('/auth/login', { email: chair.email.toUpperCase(), password: TEST_PASSWORD });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        user: {
          id: chair.id,
          email: chair.email,
          name: chair.name,
          isAdmin: false,
          language: 'en',
          color: expect.any(String),
          title: '',
          cityId: null,
        },
      });
      const [cookie, ...others] = res.headers.getSetCookie();
      expect(others).toEqual([]);
      const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
      expect(attributes[0]).toMatch(/^rt_session=[\w-]{20,}$/);
      expect(attributes).toContain('httponly');
      expect(attributes).toContain('samesite=lax');
      expect(attributes).toContain('path=/');
    });

    it('refuses a wrong password and an unknown email with the same 401', async () => {
      const wrongPassword = await postJson('/auth/login', { email: chair.email, password: 'not the password' });
      const unknownEmail = await postJson('/auth/login', { email: 'nobody@test.roundtable', password: TEST_PASSWORD });
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      expect(wrongPassword.headers.getSetCookie()).toEqual([]);
      const [a, b] = [await wrongPassword.json(), await unknownEmail.json()];
      expect(a).toMatchObject({ error: { code: 'invalid_credentials' } });
      expect(b).toEqual(a);
    });

    it('answers 400 to a body that is not valid JSON or misses fields', async () => {
      await expectError(await postJson('/auth/login', '{"email": "a@b.c", "password": '), 400, 'bad_request');
      await expectError(await postJson('/auth/login', { email: chair.email }), 400, 'bad_request');
      await expectError(await postJson('/auth/login', { email: 'not-an-email', password: 'x' }), 400, 'bad_request');
    });

    it('answers 413 to a body over the size limit', async () => {
      const res = await postJson('/auth/login', { email: chair.email, password: 'x'.repeat(200 * 1024) });
      await expectError(res, 413, 'payload_too_large');
    });

    it('refuses a state-changing request from another origin with 403', async () => {
      const body = { email: chair.email, password: TEST_PASSWORD };
      for (const origin of ['https://evil.example', 'null']) {
        const res = await postJson('/auth/login', body, { headers: { origin } });
        await expectError(res, 403, 'forbidden');
        expect(res.headers.getSetCookie()).toEqual([]);
      }
      const sameOrigin = await postJson('/auth/login', body, { headers: { origin: server.url } });
      expect(sameOrigin.status).toBe(200);
    });
  });

  describe('session', () => {
    it('GET /api/me answers with the cookie and 401 without one', async () => {
      const me = await api('/me', { cookie: chairCookie });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ user: { id: chair.id, email: chair.email, name: chair.name } });
      await expectError(await api('/me'), 401, 'unauthenticated');
      await expectError(await api('/me', { cookie: 'rt_session=forged-token' }), 401, 'unauthenticated');
    });

    it('signing out ends the session for that cookie', async () => {
      const cookie = await login(server.url, chair);
      expect((await api('/me', { cookie })).status).toBe(200);
      const res = await api('/auth/logout', { method: 'POST', cookie });
      expect(res.status).toBe(204);
      expect(res.headers.getSetCookie()[0]).toMatch(/^rt_session=;.*Expires=Thu, 01 Jan 1970/);
      await expectError(await api('/me', { cookie }), 401, 'unauthenticated');
      // other sessions of the same person are untouched
      expect((await api('/me', { cookie: chairCookie })).status).toBe(200);
    });
  });

  describe('rooms', () => {
    async function listRooms(cookie: string) {
      const res = await api('/rooms', { cookie });
      expect(res.status).toBe(200);
      return ((await res.json()) as { rooms: { id: string; title: string; documentName: string }[] }).rooms;
    }

    it('lists only the rooms of the groups a person belongs to', async () => {
      const rooms = await listRooms(chairCookie);
      expect(rooms).toEqual([
        expect.objectContaining({
          id: ownRoom.roomId,
          title: 'Sousse youth council',
          documentName: ownRoom.documentName,
        }),
      ]);
      expect(await listRooms(await login(server.url, loner))).toEqual([]);
      await expectError(await api('/rooms'), 401, 'unauthenticated');
    });

    it('lists every room for an admin', async () => {
      const rooms = await listRooms(await login(server.url, admin));
      expect(rooms.map((r) => r.id)).toEqual(expect.arrayContaining([ownRoom.roomId, otherRoom.roomId]));
      for (const room of rooms)
        expect(room).toMatchObject({
          id: expect.any(String),
          title: expect.any(String),
          documentName: expect.any(String),
        });
    });

    it('shows a room of one’s own group, and 404 for another group’s room or an unknown one', async () => {
      const own = await api(`/rooms/${ownRoom.roomId}`, { cookie: chairCookie });
      expect(own.status).toBe(200);
      expect(await own.json()).toMatchObject({ room: { id: ownRoom.roomId, documentName: ownRoom.documentName } });

      const foreign = await api(`/rooms/${otherRoom.roomId}`, { cookie: chairCookie });
      const unknown = await api('/rooms/0123456789abcdef01234567', { cookie: chairCookie });
      await expectError(foreign.clone(), 404, 'not_found');
      expect(await foreign.json()).toEqual(await unknown.json());
    });

    it('answers 400 to a malformed room id', async () => {
      await expectError(await api('/rooms/not-an-id', { cookie: chairCookie }), 400, 'bad_request');
    });
  });
});
