import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, login, upgradeStatus } from '../helpers/clients.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { gateQueries } from '../helpers/gate.js';
import { rawUpgrade, statusOf } from '../helpers/rawHttp.js';
import { startServer, type TestServer } from '../helpers/server.js';

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
