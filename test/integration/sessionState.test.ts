import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../shared/schemas/auth.js';
import { api } from '../helpers/api.js';
import { login } from '../helpers/clients.js';
import { buildUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('GET /api/auth/session', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 200 with no user when signed out, so the app loads without an error', async () => {
    const reply = await api<{ user: Me | null }>(server.url, 'GET', '/api/auth/session');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ user: null });
  });

  it('answers with the signed-in person', async () => {
    const person = await buildUser(server.app.models);
    const cookie = await login(server.url, person);
    const reply = await api<{ user: Me | null }>(server.url, 'GET', '/api/auth/session', { cookie });
    expect(reply.status).toBe(200);
    expect(reply.body.user?.email).toBe(person.email);
  });
});
