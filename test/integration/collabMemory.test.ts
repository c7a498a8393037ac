import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollabConnection } from '../../server/collab/connection.js';
import { openProvider } from '../helpers/collab.js';
import { waitForSync } from '../helpers/clients.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { signInPeople } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';

// a full collection on demand, as `node --expose-gc` would give it
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('what an open sync connection holds', () => {
  let server: TestServer;
  let chair: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    ({ chair } = await signInPeople(server, { chair: 'Amina Haddad' }, cookies));
  });
  afterAll(() => server?.close());

  it('not its upgrade request (headers, cookie, URL) once the connection is open', async () => {
    const { documentName } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]);
    const requests: WeakRef<IncomingMessage>[] = [];
    const capture = (req: IncomingMessage) => void requests.push(new WeakRef(req));
    server.app.httpServer.prependListener('upgrade', capture);
    const clients = Array.from({ length: 3 }, () => openProvider(defer, server.url, documentName, cookies.get(chair)));
    await Promise.all(clients.map((c) => waitForSync(c.provider)));
    server.app.httpServer.off('upgrade', capture);
    expect(requests).toHaveLength(3);

    // a WeakRef keeps its target alive until the current job ends (and deref() does so again):
    // collect only in later turns, and look only after them
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      collectGarbage();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests.filter((r) => r.deref() !== undefined)).toHaveLength(0);
    // and the connections are still live
    for (const client of clients) expect(client.provider.wsconnected).toBe(true);
  });

  it("no listener of the upgrade on its socket once `ws` has it: only the WebSocket's own", async () => {
    const { documentName } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]);
    const sockets: Duplex[] = [];
    const capture = (_req: IncomingMessage, socket: Duplex) => void sockets.push(socket);
    server.app.httpServer.prependListener('upgrade', capture);
    const client = openProvider(defer, server.url, documentName, cookies.get(chair));
    await waitForSync(client.provider);
    server.app.httpServer.off('upgrade', capture);
    expect(sockets).toHaveLength(1);
    // ws listens once for each (socketOnError, socketOnClose); another one would live, and keep
    // what it holds, for as long as the connection
    expect(sockets[0]!.listenerCount('error')).toBe(1);
    expect(sockets[0]!.listenerCount('close')).toBe(1);
  });

  it('one Actor for all connections of a remembered session, and no origin object of their own', async () => {
    const { documentName } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]);
    const clients = Array.from({ length: 3 }, () => openProvider(defer, server.url, documentName, cookies.get(chair)));
    await Promise.all(clients.map((c) => waitForSync(c.provider)));
    const conns = [...(server.app.collab as unknown as { connections(): Iterable<CollabConnection> }).connections()];
    const mine = conns.filter((conn) => conn.actor.id === chair.id);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(new Set(mine.map((conn) => conn.actor)).size).toBe(1);
    for (const conn of mine) expect(conn.origin).toBe(conn);
  });
});
