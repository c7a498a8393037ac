import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError } from '../helpers/api.js';
import { closed, connectSocket, login, opened, rawCollabSocket } from '../helpers/clients.js';
import { buildRoom, buildUser, TEST_PASSWORD } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

const NEW_PASSWORD = 'lanterns over the old bridge at dusk';

describe('POST /api/me/password: a person changes their own password', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const change = (cookie: string | undefined, body: object) =>
    api(server.url, 'POST', '/api/me/password', { cookie, body });

  it('needs the current password and a strong new one; then only the new one signs in', async () => {
    const person = await buildUser(server.app.models);
    const cookie = await login(server.url, person);
    expectError(await change(undefined, { current: TEST_PASSWORD, password: NEW_PASSWORD }), 401, 'unauthenticated');
    expectError(await change(cookie, { current: 'not the password', password: NEW_PASSWORD }), 403, 'forbidden');
    const weak = await change(cookie, { current: TEST_PASSWORD, password: 'short' });
    expectError(weak, 400, 'weak_password');
    // a stable reason the client translates, not only English prose
    expect(weak.body).toMatchObject({ error: { reason: 'too_short', params: { min: 12 } } });
    expect((await change(cookie, { current: TEST_PASSWORD, password: 'password1234' })).body).toMatchObject({
      error: { reason: 'too_common' },
    });
    expect((await change(cookie, { current: TEST_PASSWORD, password: NEW_PASSWORD })).status).toBe(204);

    await expect(login(server.url, person)).rejects.toThrow(/401/);
    await expect(login(server.url, { email: person.email, password: NEW_PASSWORD })).resolves.toMatch(/=/);
  });

  it('guesses of the current password sent at once get no more tries than the per-account limit', async () => {
    const person = await buildUser(server.app.models);
    const cookie = await login(server.url, person);
    const limit = server.config.login.maxFailuresPerAccount;
    const answers = await Promise.all(
      Array.from({ length: limit * 3 }, (_, i) => change(cookie, { current: `guess ${i}`, password: NEW_PASSWORD })),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 403).length).toBeLessThanOrEqual(limit);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(limit * 2);
    // and the right password is refused too until the window ends
    expectError(await change(cookie, { current: TEST_PASSWORD, password: NEW_PASSWORD }), 429, 'rate_limited');
  });

  it("ends the person's other sessions and their live connections, and keeps this one", async () => {
    const person = await buildUser(server.app.models);
    const { documentName } = await buildRoom(server.app.models, [{ user: person, role: 'member' }]);
    const here = await login(server.url, person);
    const there = await login(server.url, person);
    const hereSocket = await connectSocket(server.url, here);
    const thereSocket = await connectSocket(server.url, there);
    const hereDoc = rawCollabSocket(server.url, documentName, here);
    const thereDoc = rawCollabSocket(server.url, documentName, there);
    await Promise.all([opened(hereDoc), opened(thereDoc)]);
    const thereSocketGone = new Promise<string>((resolve) => thereSocket.once('disconnect', resolve));
    const thereDocClosed = closed(thereDoc);
    let hereSocketGone = false;
    hereSocket.once('disconnect', () => (hereSocketGone = true));
    let hereDocClosed = false;
    hereDoc.once('close', () => (hereDocClosed = true));

    expect((await change(here, { current: TEST_PASSWORD, password: NEW_PASSWORD })).status).toBe(204);

    expectError(await api(server.url, 'GET', '/api/me', { cookie: there }), 401, 'unauthenticated');
    expect(await thereSocketGone).toBe('io server disconnect');
    expect((await thereDocClosed).code).toBe(1008);
    // this browser carries on
    expect((await api(server.url, 'GET', '/api/me', { cookie: here })).status).toBe(200);
    const again = await api(server.url, 'GET', '/api/me', { cookie: here });
    expect(again.status).toBe(200);
    expect(hereSocket.connected).toBe(true);
    expect(hereSocketGone).toBe(false);
    expect(hereDocClosed).toBe(false);
    hereSocket.disconnect();
    hereDoc.close();
  });
});
