import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { connectProvider, connectSocket, eventually, login, request, waitForSync } from '../helpers/clients.js';
import { storedDoc, syncUpdateFrame, textUpdate } from '../helpers/collab.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** A page on another site, or one client sending too much, must not act for or stall anyone. */
describe('cross-site pages and floods', () => {
  let server: TestServer;
  let member: BuiltUser;
  let cookie: string;
  let roomId: string;
  let documentName: string;

  beforeAll(async () => {
    server = await startServer({ socketEvents: { burst: 10, perSecond: 5 } });
    member = await buildUser(server.app.models, { name: 'Marko Petrović' });
    ({ roomId, documentName } = await buildRoom(server.app.models, [{ user: member, role: 'member' }]));
    cookie = await login(server.url, member);
  });
  afterAll(() => server?.close());

  function upgradeStatus(origin: string): Promise<number> {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/collab/${documentName}`, {
      headers: { cookie, origin },
    });
    return new Promise((resolve) => {
      ws.once('open', () => {
        resolve(101);
        ws.close();
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => undefined);
    });
  }

  it('refuses a Yjs upgrade from another site, even with a valid cookie', async () => {
    expect(await upgradeStatus('https://evil.example')).toBe(403);
    expect(await upgradeStatus('null')).toBe(403);
    expect(await upgradeStatus(server.url)).toBe(101);
  });

  it('refuses a Socket.IO connection from another site, even with a valid cookie', async () => {
    const socket = io(server.url, {
      transports: ['websocket'],
      extraHeaders: { cookie, origin: 'https://evil.example' },
      reconnection: false,
      forceNew: true,
    });
    const refused = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(false));
      socket.once('connect_error', () => resolve(true));
    });
    socket.disconnect();
    expect(refused).toBe(true);
  });

  it('answers rate_limited to a socket that floods events, stores only what it accepted, and serves others', async () => {
    const flooder = await connectSocket(server.url, cookie);
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(flooder, 'thread:post', { roomId, body: `flood ${i}`, clientId: randomUUID() }),
      ),
    );
    const accepted = acks.filter((a) => a.ok).length;
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(accepted).toBeLessThan(30);
    expect(acks.find((a) => !a.ok)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await server.app.models.Message.countDocuments({ roomId })).toBe(accepted);

    const other = await connectSocket(server.url, await login(server.url, member));
    expect(await request(other, 'thread:history', { roomId })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 400));
    expect(await request(flooder, 'thread:history', { roomId })).toMatchObject({ ok: true });
    flooder.disconnect();
    other.disconnect();
  });
});

describe('a connection that sends too much to the sync endpoint', () => {
  let server: TestServer;
  let member: BuiltUser;
  let documentName: string;

  beforeAll(async () => {
    server = await startServer({
      collab: { maxFrameBytes: 64 * 1024, burstBytes: 128 * 1024, bytesPerSecond: 16 * 1024 },
    });
    member = await buildUser(server.app.models, { name: 'Marko Petrović' });
    ({ documentName } = await buildRoom(server.app.models, [{ user: member, role: 'member' }]));
  });
  afterAll(() => server?.close());

  it('is closed (1008) once past its budget, while another editor goes on', async () => {
    const cookie = await login(server.url, member);
    const editor = connectProvider(server.url, documentName, cookie);
    const reader = connectProvider(server.url, documentName, cookie);
    await Promise.all([waitForSync(editor.provider), waitForSync(reader.provider)]);

    const flooder = new WebSocket(`${server.url.replace(/^http/, 'ws')}/collab/${documentName}`, {
      headers: { cookie },
    });
    await new Promise((resolve) => flooder.once('open', resolve));
    const closed = new Promise<number>((resolve) => flooder.once('close', (code) => resolve(code)));
    const chunk = 'x'.repeat(30_000);
    for (let i = 0; i < 8; i++) flooder.send(syncUpdateFrame(textUpdate(`${i}${chunk}`, 'flood')));
    expect(await closed).toBe(1008);

    editor.doc.getText('t').insert(0, 'still editing');
    await eventually(() => expect(reader.doc.getText('t').toString()).toBe('still editing'));
    const stored = await storedDoc(server.app.models, documentName);
    expect(stored.getText('flood').length).toBeLessThan(8 * 30_001);
    editor.provider.destroy();
    reader.provider.destroy();
  });
});
