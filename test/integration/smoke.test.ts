import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectProvider, eventually, login, waitForSync } from '../helpers/clients.js';
import { buildRoom, buildUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('smoke', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  it('two providers converge', async () => {
    const a = await buildUser(server.app.models);
    const b = await buildUser(server.app.models);
    const { documentName } = await buildRoom(server.app.models, [
      { user: a, role: 'member' },
      { user: b, role: 'member' },
    ]);
    const pa = connectProvider(server.url, documentName, await login(server.url, a));
    const pb = connectProvider(server.url, documentName, await login(server.url, b));
    await Promise.all([waitForSync(pa.provider), waitForSync(pb.provider)]);
    pa.doc.getText('t').insert(0, 'hello ');
    pb.doc.getText('t').insert(0, 'مرحبا ');
    await eventually(() => {
      expect(pa.doc.getText('t').toString()).toBe(pb.doc.getText('t').toString());
      expect(pa.doc.getText('t').length).toBe(12);
    });
    pa.provider.destroy();
    pb.provider.destroy();
  });
});
