import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.js';
import { MESSAGE_MAX_LENGTH, type MessagePage } from '../../shared/schemas/threads.js';
import { connectSocket, login, request, type ClientSocket } from '../helpers/clients.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';

describe('payload validation on the Socket.IO channel', () => {
  let server: TestServer;
  let chair: BuiltUser;
  let cookie: string;
  let roomId: string;
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    chair = await buildUser(server.app.models, { name: 'Amina Haddad' });
    cookie = await login(server.url, chair);
  });
  afterAll(() => server?.close());

  async function connect(): Promise<ClientSocket> {
    const socket = await connectSocket(server.url, cookie);
    defer(() => socket.disconnect());
    return socket;
  }

  async function bodies(socket: ClientSocket): Promise<string[]> {
    const ack = (await request(socket, 'thread:history', { roomId, limit: 100 })) as Ack<MessagePage>;
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.data.messages.map((m) => m.body);
  }

  /** Proves the server and this connection still work after whatever came before. */
  async function expectStillWorking(socket: ClientSocket) {
    const body = `still working ${randomUUID()}`;
    expect(await request(socket, 'thread:post', { roomId, body, clientId: randomUUID() })).toMatchObject({
      ok: true,
      data: { body },
    });
  }

  beforeAll(async () => {
    ({ roomId } = await buildRoom(server.app.models, [{ user: chair, role: 'chair' }]));
  });

  const valid = () => ({ roomId, body: 'A valid message', clientId: randomUUID() });

  const invalidPosts: [string, () => unknown, string?][] = [
    ['an empty object', () => ({}), 'roomId'],
    ['a missing body', () => ({ ...valid(), body: undefined }), 'body'],
    ['a missing clientId', () => ({ ...valid(), clientId: undefined }), 'clientId'],
    ['a number as body', () => ({ ...valid(), body: 42 }), 'body'],
    ['an object as body', () => ({ ...valid(), body: { text: 'hi' } }), 'body'],
    ['a number as roomId', () => ({ ...valid(), roomId: 12345 }), 'roomId'],
    ['a body over the length limit', () => ({ ...valid(), body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) }), 'body'],
    ['an empty body', () => ({ ...valid(), body: '' }), 'body'],
    ['a body of only whitespace', () => ({ ...valid(), body: ' \n\t ' }), 'body'],
    ['a clientId that is not a uuid', () => ({ ...valid(), clientId: 'message-1' }), 'clientId'],
    ['a roomId that is not an object id', () => ({ ...valid(), roomId: 'general' }), 'roomId'],
    ['a roomId with a path in it', () => ({ ...valid(), roomId: '../rooms/0123456789abcdef' }), 'roomId'],
    ['a query operator as roomId', () => ({ ...valid(), roomId: { $gt: '' } }), 'roomId'],
    ['a string payload', () => 'post this please'],
    ['a null payload', () => null],
    ['an array payload', () => [roomId, 'A valid message', randomUUID()]],
    ['a number payload', () => 7],
  ];

  it.each(invalidPosts)('thread:post with %s gets bad_request and stores nothing', async (_name, payload, field) => {
    const socket = await connect();
    const ack = await request(socket, 'thread:post', payload());
    expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.any(String) } });
    if (field) {
      const issue = expect.objectContaining({ path: field });
      expect(ack).toMatchObject({ error: { issues: expect.arrayContaining([issue]) } });
    }
    expect(await bodies(socket)).not.toContain('A valid message');
    await expectStillWorking(socket);
  });

  it('accepts a body of exactly the length limit', async () => {
    const socket = await connect();
    const body = 'ع'.repeat(MESSAGE_MAX_LENGTH);
    expect(await request(socket, 'thread:post', { ...valid(), body })).toMatchObject({ ok: true, data: { body } });
  });

  it.each([
    ['thread:history', { limit: 0 }],
    ['thread:history', { limit: 101 }],
    ['thread:history', { limit: '50' }],
    ['thread:history', { before: 'yesterday' }],
    ['room:join', { roomId: 'lobby' }],
    ['room:leave', null],
  ] as const)('%s with %j gets bad_request', async (event, fields) => {
    const socket = await connect();
    const payload = fields === null ? null : { roomId, ...fields };
    expect(await request(socket, event, payload)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await expectStillWorking(socket);
  });

  it('survives events sent without an acknowledgement callback, or with nothing but one', async () => {
    const socket = await connect();
    // the typed client would not let us get this wrong
    const emit = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => void;
    const unacknowledged = `no ack ${randomUUID()}`;
    emit('thread:post', { ...valid(), body: unacknowledged });
    emit('thread:history');
    emit('room:annihilate', { everything: true });

    const onlyAck = await (
      socket.timeout(5000) as unknown as { emitWithAck(event: string): Promise<unknown> }
    ).emitWithAck('thread:history');
    expect(onlyAck).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await expectStillWorking(socket);
    expect(await bodies(socket)).not.toContain(unacknowledged);
  });

  it('drops a connection that sends an oversized packet, and keeps serving others', async () => {
    const bystander = await connect();
    const socket = await connect();
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('thread:post', { ...valid(), body: 'x'.repeat(100 * 1024) }, () => undefined);
    expect(await disconnected).toBe('transport close');
    await expectStillWorking(bystander);
    await expectStillWorking(await connect());
  });

  it('refuses a Socket.IO connection without a valid session cookie', async () => {
    await expect(connectSocket(server.url, undefined)).rejects.toThrow('unauthenticated');
    await expect(connectSocket(server.url, 'rt_session=forged-token')).rejects.toThrow('unauthenticated');
  });
});
