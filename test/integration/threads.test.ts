import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.js';
import type { MessagePage, MessageView } from '../../shared/schemas/threads.js';
import { connectSocket, eventually, request, type ClientSocket } from '../helpers/clients.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

// the machine is shared: these post many messages one by one
describe('room discussion threads over Socket.IO', { timeout: 90_000 }, () => {
  let server: TestServer;
  let chair: BuiltUser;
  let member: BuiltUser;
  let observer: BuiltUser;
  let outsider: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    ({ chair, member, observer, outsider } = await signInPeople(
      server,
      { chair: 'Amina Haddad', member: 'Marko Petrović', observer: 'Youssef Benali', outsider: 'Lena Outsider' },
      cookies,
    ));
  });
  afterAll(() => server?.close());

  async function newRoom() {
    const { roomId } = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
      { user: observer, role: 'observer' },
    ]);
    return roomId;
  }

  async function connect(user: BuiltUser): Promise<ClientSocket> {
    const socket = await connectSocket(server.url, cookies.get(user));
    defer(() => socket.disconnect());
    return socket;
  }

  /** Connects and joins the room, collecting every `thread:posted` the socket receives. */
  async function enter(user: BuiltUser, roomId: string) {
    const socket = await connect(user);
    const posted: MessageView[] = [];
    socket.on('thread:posted', (message) => posted.push(message));
    expect(await request(socket, 'room:join', { roomId })).toMatchObject({ ok: true });
    return { socket, posted };
  }

  async function post(socket: ClientSocket, roomId: string, body: string, clientId = randomUUID()) {
    const ack = (await request(socket, 'thread:post', { roomId, body, clientId })) as Ack<MessageView>;
    if (!ack.ok) throw new Error(`post refused: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  async function history(socket: ClientSocket, roomId: string, before?: number) {
    const ack = (await request(socket, 'thread:history', { roomId, before })) as Ack<MessagePage>;
    if (!ack.ok) throw new Error(`history refused: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  it('acknowledges a post with the stored message and shows it live to others in the room', async () => {
    const roomId = await newRoom();
    const a = await enter(chair, roomId);
    const b = await enter(member, roomId);
    const clientId = randomUUID();

    const ack = await request(a.socket, 'thread:post', {
      roomId,
      body: '  مرحبا — shall we start with priority 2?  ',
      clientId,
    });

    expect(ack).toEqual({
      ok: true,
      data: {
        id: expect.stringMatching(/^[a-f0-9]{24}$/),
        threadId: expect.stringMatching(/^[a-f0-9]{24}$/),
        roomId,
        seq: 1,
        changeSeq: 1,
        clientId,
        author: { id: chair.id, name: chair.name },
        body: 'مرحبا — shall we start with priority 2?',
        // no language given: the author's interface language
        language: 'en',
        replyTo: null,
        mentions: [],
        createdAt: expect.any(String),
        editedAt: null,
        deleted: false,
        pinned: false,
        hidden: null,
        redacted: false,
        reactions: [],
      },
    });
    await eventually(() => expect(b.posted).toEqual([(ack as { data: MessageView }).data]));
    // the sender hears it too: its event stream is what its catch-up cursor follows
    await eventually(() => expect(a.posted).toEqual([(ack as { data: MessageView }).data]));
  });

  it('keeps messages across a restart and returns them newest first', async () => {
    const roomId = await newRoom();
    const a = await enter(chair, roomId);
    const sent: MessageView[] = [];
    for (const body of ['First: youth outreach', 'ثانياً: التعاون الوطني والمحلي', 'Third: funding']) {
      sent.push(await post(a.socket, roomId, body));
    }

    server = await server.restart();

    const b = await enter(member, roomId);
    const page = await history(b.socket, roomId);
    expect(page).toEqual({ messages: [...sent].reverse(), hasMore: false });
  });

  it('pages back through a long thread 50 at a time without gaps or duplicates', async () => {
    const roomId = await newRoom();
    const a = await enter(chair, roomId);
    for (let i = 0; i < 120; i++) await post(a.socket, roomId, `message ${i}`);

    const first = await history(a.socket, roomId);
    const second = await history(a.socket, roomId, first.messages.at(-1)!.seq);
    const third = await history(a.socket, roomId, second.messages.at(-1)!.seq);
    const beyond = await history(a.socket, roomId, third.messages.at(-1)!.seq);

    expect([first, second, third].map((p) => [p.messages.length, p.hasMore])).toEqual([
      [50, true],
      [50, true],
      [20, false],
    ]);
    expect(beyond).toEqual({ messages: [], hasMore: false });
    const all = [...first.messages, ...second.messages, ...third.messages];
    expect(all.map((m) => m.body)).toEqual(Array.from({ length: 120 }, (_, i) => `message ${119 - i}`));
    expect(new Set(all.map((m) => m.id)).size).toBe(120);
    for (let i = 1; i < all.length; i++) {
      expect(all[i]!.seq).toBe(all[i - 1]!.seq - 1);
      expect(all[i]!.createdAt <= all[i - 1]!.createdAt).toBe(true);
    }
  });

  it('stores a retried post once and broadcasts it once', async () => {
    const roomId = await newRoom();
    const a = await enter(chair, roomId);
    const b = await enter(member, roomId);
    const clientId = randomUUID();

    const original = await post(a.socket, roomId, 'Proposal: a joint hub meeting', clientId);
    const retries = await Promise.all([
      post(a.socket, roomId, 'Proposal: a joint hub meeting', clientId),
      post(a.socket, roomId, 'Proposal: a joint hub meeting', clientId),
    ]);
    expect(retries).toEqual([original, original]);
    const marker = await post(a.socket, roomId, 'marker');

    // broadcasts reach b in order: once the marker is there, any duplicate would be too
    await eventually(() => expect(b.posted.at(-1)?.id).toBe(marker.id));
    expect(b.posted.map((m) => m.id)).toEqual([original.id, marker.id]);
    expect((await history(b.socket, roomId)).messages.map((m) => m.id)).toEqual([marker.id, original.id]);

    // someone else cannot take over that message id
    expect(await request(b.socket, 'thread:post', { roomId, body: 'hijack', clientId })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('lets an observer take part in the discussion', async () => {
    const roomId = await newRoom();
    const a = await enter(chair, roomId);
    const o = await enter(observer, roomId);
    const message = await post(o.socket, roomId, 'A question from the advisory group');
    await eventually(() => expect(a.posted).toEqual([message]));
  });

  it('answers not_found to someone outside the group, exactly as for a room that does not exist', async () => {
    const roomId = await newRoom();
    const a = await enter(chair, roomId);
    await post(a.socket, roomId, 'internal note');
    const stranger = await connect(outsider);
    const missingRoom = '0123456789abcdef01234567';

    for (const [event, payload] of [
      ['room:join', { roomId }],
      ['thread:history', { roomId }],
      ['thread:post', { roomId, body: 'let me in', clientId: randomUUID() }],
    ] as const) {
      const ack = await request(stranger, event, payload);
      expect(ack, event).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await request(stranger, event, { ...payload, roomId: missingRoom })).toEqual(ack);
    }
    expect((await history(a.socket, roomId)).messages.map((m) => m.body)).toEqual(['internal note']);
  });
});
