import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, expectError } from '../helpers/api.js';
import { login } from '../helpers/clients.js';
import { buildUser, TEST_PASSWORD } from '../helpers/factories.js';
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
    expectError(await change(cookie, { current: TEST_PASSWORD, password: 'short' }), 400, 'weak_password');
    expect((await change(cookie, { current: TEST_PASSWORD, password: NEW_PASSWORD })).status).toBe(204);

    await expect(login(server.url, person)).rejects.toThrow(/401/);
    await expect(login(server.url, { email: person.email, password: NEW_PASSWORD })).resolves.toMatch(/=/);
  });
});
