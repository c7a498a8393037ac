import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../server/http/health.js';
import { login } from '../helpers/clients.js';
import { buildUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('health with the database gone', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await startServer();
    cookie = await login(server.url, await buildUser(server.app.models));
  });
  afterAll(() => server?.close());

  it('reports 503 db:down, and other routes answer db_unavailable instead of hanging', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    await server.app.db.connection.close();

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'degraded', db: 'down', version: VERSION });
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(503);
    expect(await me.json()).toMatchObject({ error: { code: 'db_unavailable' } });
  });
});
