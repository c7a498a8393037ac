import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../server/http/health.js';
import { closeSync } from 'node:fs';
import { eventually, login, waitForSync } from '../helpers/clients.js';
import { openProvider, storedDoc } from '../helpers/collab.js';
import { buildRoom, buildUser } from '../helpers/factories.js';
import { useTeardown } from '../helpers/teardown.js';
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
    expect(await health.json()).toEqual({
      status: 'degraded',
      db: 'down',
      journal: { state: 'writing', backlogBytes: 0, syncs: 'event-loop' },
      version: VERSION,
    });
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(503);
    expect(await me.json()).toMatchObject({ error: { code: 'db_unavailable' } });
  });
});

describe('health of the sync journal', () => {
  let server: TestServer;
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  it('reports a journal whose file failed, while edits go on through the database', async () => {
    expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({
      status: 'ok',
      journal: { state: 'writing', backlogBytes: 0, syncs: 'event-loop' },
    });
    const chair = await buildUser(server.app.models);
    const { documentName } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]);
    const editor = openProvider(defer, server.url, documentName, await login(server.url, chair));
    await waitForSync(editor.provider);
    // the disk fails under it (here: its file is closed behind its back)
    const journal = server.app.journal as unknown as { segments: { fd: number }[] };
    closeSync(journal.segments.at(-1)!.fd);
    editor.doc.getText('t').insert(0, 'Priority 1: youth councils');

    await eventually(async () => {
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', journal: { state: 'failed' } });
    });
    await eventually(async () =>
      expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(
        'Priority 1: youth councils',
      ),
    );
  });
});
