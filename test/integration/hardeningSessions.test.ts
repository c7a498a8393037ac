import { afterAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../shared/collab.js';
import { api } from '../helpers/api.js';
import { connectSocket, eventually, login, waitForSync } from '../helpers/clients.js';
import { openProvider } from '../helpers/collab.js';
import { buildRoom, buildUser, TEST_PASSWORD } from '../helpers/factories.js';
import { startServer, type ServerOverrides, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('parallel sign-in attempts', () => {
  it('cannot get more wrong guesses than the per-account limit by sending them at once', async () => {
    const server = await startServer({
      login: { maxFailuresPerAccount: 3, maxAttemptsPerIp: 100_000, windowMs: 60_000 },
    });
    try {
      const person = await buildUser(server.app.models);
      const replies = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          api(server.url, 'POST', '/api/auth/login', { body: { email: person.email, password: `guess number ${i}` } }),
        ),
      );
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(9);
      const right = await api(server.url, 'POST', '/api/auth/login', {
        body: { email: person.email, password: TEST_PASSWORD },
      });
      expect(right.status).toBe(429);
    } finally {
      await server.close();
    }
  });
});

/** A person signed in on two browsers, each with a thread socket and a document connection open. */
async function twoBrowsers(server: TestServer, defer: (cleanup: () => unknown) => void) {
  const person = await buildUser(server.app.models, { name: 'Jasmina Kovačević' });
  const { documentName } = await buildRoom(server.app.models, [{ user: person, role: 'member' }]);
  return Promise.all(
    ['laptop', 'library computer'].map(async (name) => {
      const cookie = await login(server.url, person);
      const socket = await connectSocket(server.url, cookie);
      defer(() => socket.disconnect());
      const disconnects: string[] = [];
      socket.on('disconnect', (reason) => disconnects.push(reason));
      const editor = openProvider(defer, server.url, documentName, cookie);
      const closes: { code: number | undefined; reason: string | undefined }[] = [];
      editor.provider.on('connection-close', (event) => closes.push({ code: event?.code, reason: event?.reason }));
      await waitForSync(editor.provider);
      return { name, cookie, socket, editor, disconnects, closes };
    }),
  );
}

describe('a session that ends closes its live connections', () => {
  const defer = useTeardown();
  const servers: TestServer[] = [];
  async function serverWith(overrides: ServerOverrides) {
    const server = await startServer({ sessionCheckMs: 100, ...overrides });
    servers.push(server);
    return server;
  }
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('signing out closes that browser’s socket and document connection, not the other browser’s', async () => {
    const server = await serverWith({});
    const [laptop, library] = await twoBrowsers(server, defer);
    expect((await api(server.url, 'POST', '/api/auth/logout', { cookie: library!.cookie })).status).toBe(204);

    await eventually(() => expect(library!.disconnects).toEqual(['io server disconnect']), 3000);
    await eventually(() => expect(library!.closes[0]?.code).toBe(CLOSE_CODES.policyViolation), 3000);
    expect(library!.closes[0]?.reason).toBe('signed out');
    await sleep(300);
    expect(laptop!.disconnects).toEqual([]);
    expect(laptop!.closes).toEqual([]);
    expect(laptop!.socket.connected).toBe(true);
  });

  it('a session that reaches its end closes its connections', async () => {
    const server = await serverWith({ sessionTtlMs: 1500 });
    const [laptop] = await twoBrowsers(server, defer);
    await eventually(() => expect(laptop!.disconnects).toEqual(['io server disconnect']), 4000);
    await eventually(() => expect(laptop!.closes[0]?.code).toBe(CLOSE_CODES.policyViolation), 4000);
  });

  it('an idle session closes its connections; editing the document keeps it alive', async () => {
    const server = await serverWith({ sessionIdleMs: 1500 });
    const [typing, idle] = await twoBrowsers(server, defer);
    const text = typing!.editor.doc.getText('t');
    for (let i = 0; i < 12; i++) {
      text.insert(text.length, `${i} `);
      await sleep(250);
    }
    await eventually(() => expect(idle!.closes[0]?.code).toBe(CLOSE_CODES.policyViolation), 3000);
    expect(idle!.disconnects).toEqual(['io server disconnect']);
    expect(typing!.closes).toEqual([]);
    expect(typing!.disconnects).toEqual([]);
  });
});
