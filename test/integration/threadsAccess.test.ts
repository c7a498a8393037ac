import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.js';
import type {
  MessagePage,
  MessageView,
  NotificationView,
  SearchPage,
  ThreadSubject,
} from '../../shared/schemas/threads.js';
import { connectSocket, eventually, request } from '../helpers/clients.js';
import { buildPlanWorld, startPlan, type PlanWorld } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';
import { addMatrixPriority } from '../helpers/threadMatrix.js';
import { ok, openThread } from '../helpers/threads.js';
import { buildUser } from '../helpers/factories.js';
import { login } from '../helpers/clients.js';

type Who = keyof PlanWorld['cookies'] | 'guest';

// the machine is shared: these post many messages one by one
describe('who may read and comment, per subject; mentions; notifications', { timeout: 90_000 }, () => {
  let server: TestServer;
  let world: PlanWorld;
  let planId: string;
  let roomId: string;
  let guestCookie: string;
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    world = await buildPlanWorld(server.app.models, server.url);
    ({ id: planId } = await startPlan(server.url, world.cookies.chair, world.groupId));
    const m = server.app.models;
    const room = await m.Room.create({
      title: 'Western Balkans roundtable',
      groupId: world.groupId,
      hubId: world.hubId,
      languages: ['en', 'mk'],
      documentName: `room-${randomUUID()}`,
    });
    roomId = String(room._id);
    const guest = await buildUser(m, { name: 'OSCE guest' });
    await m.RoomGuest.create({ roomId: room._id, userId: guest.id });
    guestCookie = await login(server.url, guest);
  }, 180_000);
  afterAll(() => server?.close());

  const cookieOf = (who: Who) => (who === 'guest' ? guestCookie : world.cookies[who]);
  async function socketOf(who: Who) {
    const socket = await connectSocket(server.url, cookieOf(who));
    defer(() => socket.disconnect());
    return socket;
  }

  // the expected outcomes are the permission table's, spelled out per subject
  const READ_AND_COMMENT: Record<ThreadSubject['kind'], Record<Who, boolean>> = {
    priority: {
      chair: true,
      member: true,
      member2: true,
      observer: true,
      committee: true,
      hubStaff: true,
      outsider: false,
      guest: false,
    },
    room: {
      chair: true,
      member: true,
      member2: true,
      observer: true,
      committee: false,
      hubStaff: true,
      outsider: false,
      guest: true,
    },
    group: {
      chair: true,
      member: true,
      member2: true,
      observer: true,
      committee: false,
      hubStaff: true,
      outsider: false,
      guest: false,
    },
  };

  it.each(['priority', 'room', 'group'] as const)('a %s thread: read and comment follow its subject', async (kind) => {
    const documentName = (await server.app.models.Plan.findById(planId).lean())!.documentName;
    const subject: ThreadSubject =
      kind === 'priority'
        ? { kind, planId, priorityId: await addMatrixPriority(server, planId, documentName) }
        : kind === 'room'
          ? { kind, roomId }
          : { kind, groupId: world.groupId };
    for (const [who, allowed] of Object.entries(READ_AND_COMMENT[kind]) as [Who, boolean][]) {
      const socket = await socketOf(who);
      const opened = await request(socket, 'thread:open', { subject });
      if (!allowed) {
        expect(opened, who).toEqual({ ok: false, error: { code: 'not_found', message: 'Thread not found.' } });
        continue;
      }
      expect(opened, who).toMatchObject({ ok: true });
      const threadId = (opened as { data: { thread: { id: string } } }).data.thread.id;
      expect(
        await request(socket, 'thread:post', { threadId, body: `${who} was here`, clientId: randomUUID() }),
        who,
      ).toMatchObject({ ok: true });
    }
  });

  it('a subject that does not exist answers like one the reader may not see', async () => {
    const socket = await socketOf('chair');
    const missing = String(new Types.ObjectId());
    for (const subject of [
      { kind: 'priority', planId, priorityId: 'no-such-priority' },
      { kind: 'priority', planId: missing, priorityId: 'p1' },
      { kind: 'room', roomId: missing },
      { kind: 'group', groupId: missing },
    ]) {
      expect(await request(socket, 'thread:open', { subject })).toEqual({
        ok: false,
        error: { code: 'not_found', message: 'Thread not found.' },
      });
    }
    expect(await request(socket, 'thread:history', { threadId: missing })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('mentions notify the people who may read the thread, live and in a list with an unread count', async () => {
    const subject: ThreadSubject = { kind: 'room', roomId };
    const chair = await openThread(server.url, world.cookies.chair, subject);
    defer(() => chair.socket.disconnect());
    const memberSocket = await socketOf('member');
    const live: NotificationView[] = [];
    const badges: number[] = [];
    memberSocket.on('notification:new', (n) => live.push(n));
    memberSocket.on('notification:unread', ({ count }) => badges.push(count));
    const m = await chair.post('@Елена @Committee could you both look at this?', {
      mentions: [world.member.id, world.committee.id, world.chair.id],
    });
    // the committee member cannot see a room's chat, the author is not notified of themself
    expect(m.mentions).toEqual([world.member.id]);
    await eventually(() => expect(live).toHaveLength(1));
    expect(live[0]).toMatchObject({
      kind: 'mention',
      titles: { subject: 'Western Balkans roundtable', context: null },
      messageId: m.id,
      subject,
      author: { id: world.chair.id },
      read: false,
    });
    await eventually(() => expect(badges).toEqual([1]));
    const list = async (who: Who) =>
      (await (await fetch(`${server.url}/api/notifications`, { headers: { cookie: cookieOf(who) } })).json()) as {
        notifications: NotificationView[];
        unread: number;
      };
    expect(await list('member')).toMatchObject({ unread: 1, notifications: [{ id: live[0]!.id }] });
    expect(await list('committee')).toEqual({ unread: 0, notifications: [] });
    const read = await fetch(`${server.url}/api/notifications/read`, {
      method: 'POST',
      headers: { cookie: cookieOf('member'), 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ ids: [live[0]!.id] }),
    });
    expect(await read.json()).toEqual({ unread: 0 });
    await eventually(() => expect(badges).toEqual([1, 0]));
    expect((await list('member')).notifications[0]).toMatchObject({ read: true });
  });

  it("a reply notifies the replied-to author, saying where: the priority's title and its plan's", async () => {
    const documentName = (await server.app.models.Plan.findById(planId).lean())!.documentName;
    const priorityId = await addMatrixPriority(server, planId, documentName);
    const planTitle = (await server.app.models.Plan.findById(planId).lean())!.title;
    const subject: ThreadSubject = { kind: 'priority', planId, priorityId };
    const committee = await openThread(server.url, world.cookies.committee, subject);
    const member = await openThread(server.url, world.cookies.member, subject);
    defer(() => committee.socket.disconnect());
    defer(() => member.socket.disconnect());
    const live: NotificationView[] = [];
    committee.socket.on('notification:new', (n) => live.push(n));
    const first = await committee.post('Should the youth councils report to the mayor?');
    await committee.post('A reply to myself notifies nobody', { replyTo: first.id });
    const reply = await member.post('Yes, every quarter.', { replyTo: first.id });
    // replied to and mentioned in the same message: one notification, the mention
    const both = await member.post('@Committee see above', { replyTo: first.id, mentions: [world.committee.id] });
    await eventually(() => expect(live).toHaveLength(2));
    expect(live).toEqual([
      expect.objectContaining({
        kind: 'reply',
        messageId: reply.id,
        subject,
        titles: { subject: 'Youth councils in every member city', context: planTitle },
        author: { id: world.member.id, name: world.member.name },
      }),
      expect.objectContaining({ kind: 'mention', messageId: both.id }),
    ]);
    const listed = (await (
      await fetch(`${server.url}/api/notifications`, { headers: { cookie: world.cookies.committee } })
    ).json()) as { notifications: NotificationView[] };
    expect(listed.notifications.map((n) => [n.kind, n.messageId, n.titles])).toEqual([
      ['mention', both.id, { subject: 'Youth councils in every member city', context: planTitle }],
      ['reply', reply.id, { subject: 'Youth councils in every member city', context: planTitle }],
    ]);
  });

  it('suggests for @ only people who may read the thread, by any part of their name', async () => {
    const people = async (subject: ThreadSubject, q: string) => {
      const chair = await openThread(server.url, world.cookies.chair, subject);
      defer(() => chair.socket.disconnect());
      const list = await ok<{ id: string; name: string }[]>(chair.socket, 'thread:people', {
        threadId: chair.threadId,
        q,
      });
      return list.map((p) => p.name).sort();
    };
    const documentName = (await server.app.models.Plan.findById(planId).lean())!.documentName;
    const priorityId = await addMatrixPriority(server, planId, documentName);
    const priority: ThreadSubject = { kind: 'priority', planId, priorityId };
    // the committee reviews priorities but does not sit in the room; nobody is offered to themself
    expect(await people(priority, 'mm')).toEqual(['Committee Mayor']);
    expect(await people({ kind: 'room', roomId }, 'mm')).toEqual([]);
    expect(await people({ kind: 'room', roomId }, 'ЕЛЕНА')).toEqual(['Елена Петровска']);
    expect(await people(priority, 'Ana')).toEqual([]);
    expect(await people(priority, 'Outsider')).toEqual([]);
    // a pattern is text, not a regular expression
    expect(await people(priority, '.*')).toEqual([]);
  });

  it('unread counts follow the read marker', async () => {
    const subject: ThreadSubject = { kind: 'group', groupId: world.groupId };
    const chair = await openThread(server.url, world.cookies.chair, subject);
    const member = await openThread(server.url, world.cookies.member, subject);
    defer(() => chair.socket.disconnect());
    defer(() => member.socket.disconnect());
    const start = member.opened.thread.seq;
    await ok(member.socket, 'thread:read', { threadId: member.threadId, seq: start });
    await chair.post('One');
    const two = await chair.post('Two');
    await member.post('Mine does not count');
    const unread = async () =>
      (await (
        await fetch(`${server.url}/api/threads/unread`, { headers: { cookie: world.cookies.member } })
      ).json()) as {
        threads: { threadId: string; unread: number }[];
      };
    expect((await unread()).threads).toEqual([expect.objectContaining({ threadId: member.threadId, unread: 2 })]);
    expect(await ok(member.socket, 'thread:read', { threadId: member.threadId, seq: two.seq })).toEqual({
      lastRead: two.seq,
      unread: 0,
      unreadMore: false,
    });
    // a marker never moves back
    expect(await ok(member.socket, 'thread:read', { threadId: member.threadId, seq: 1 })).toEqual({
      lastRead: two.seq,
      unread: 0,
      unreadMore: false,
    });
  });

  it('typing reaches the others in the thread, at most once per interval per person, and is not stored', async () => {
    const subject: ThreadSubject = { kind: 'room', roomId };
    const chair = await openThread(server.url, world.cookies.chair, subject);
    const member = await openThread(server.url, world.cookies.member, subject);
    defer(() => chair.socket.disconnect());
    defer(() => member.socket.disconnect());
    const typing: unknown[] = [];
    const own: unknown[] = [];
    chair.socket.on('thread:typing', (t) => typing.push(t));
    member.socket.on('thread:typing', (t) => own.push(t));
    const seq = (await ok<{ thread: { seq: number } }>(member.socket, 'thread:open', { subject })).thread.seq;
    expect(await ok(member.socket, 'thread:typing', { threadId: member.threadId })).toEqual({ sent: true });
    expect(await ok(member.socket, 'thread:typing', { threadId: member.threadId })).toEqual({ sent: false });
    await eventually(() =>
      expect(typing).toEqual([{ threadId: member.threadId, person: { id: world.member.id, name: world.member.name } }]),
    );
    expect(own).toEqual([]);
    expect((await ok<{ thread: { seq: number } }>(member.socket, 'thread:open', { subject })).thread.seq).toBe(seq);
  });

  it('search is case-, diacritic- and Arabic-spelling-insensitive, within what the reader may see', async () => {
    const subject: ThreadSubject = { kind: 'room', roomId };
    const chair = await openThread(server.url, world.cookies.chair, subject);
    const member = await openThread(server.url, world.cookies.member, subject);
    defer(() => chair.socket.disconnect());
    defer(() => member.socket.disconnect());
    const arabic = await chair.post('مُبادَرةٌ جديدة في شرق وجنوب إفريقيا');
    const latin = await chair.post('Sastanak u Kumanovu: ČAJ i kafa, ŠKOLA');
    const hidden = await chair.post('Hidden: أفريقيا secret');
    const regexLike = await chair.post('Budget (2026) [draft] *.* ok');
    await ok(chair.socket, 'thread:hide', {
      threadId: chair.threadId,
      messageId: hidden.id,
      hidden: true,
      reason: 'test',
    });
    const search = async (socket: typeof chair.socket, q: string) =>
      (await ok<SearchPage>(socket, 'thread:search', { threadId: chair.threadId, q })).hits.map((m) => m.id);
    expect(await search(member.socket, 'مبادره')).toEqual([arabic.id]);
    expect(await search(member.socket, 'افريقيا')).toEqual([arabic.id]);
    expect(await search(chair.socket, 'افريقيا')).toEqual([hidden.id, arabic.id]);
    expect(await search(member.socket, 'caj I KAFA')).toEqual([latin.id]);
    expect(await search(member.socket, 'skola')).toEqual([latin.id]);
    expect(await search(member.socket, '(2026) [draft] *.*')).toEqual([regexLike.id]);
    expect(await search(member.socket, '.*')).toEqual([regexLike.id]);
  });

  it('stores OWASP filter-evasion payloads verbatim: the server never alters text', async () => {
    const payloads = [
      '<script>alert(1)</script>',
      '<IMG SRC="javascript:alert(\'XSS\');">',
      '<IMG SRC=javascript:alert(&quot;XSS&quot;)>',
      '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
      '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
      '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
      '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
      '<SVG/ONLOAD=alert(1)>',
      "<BODY ONLOAD=alert('XSS')>",
      '<a href="javascript:alert(1)">click</a> [link](javascript:alert(1))',
      '"><iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe>',
      '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
      '\u202Egnp.exe <div style="background:url(javascript:alert(1))">',
    ];
    const chair = await openThread(server.url, world.cookies.chair, { kind: 'room', roomId });
    const member = await openThread(server.url, world.cookies.member, { kind: 'room', roomId });
    defer(() => chair.socket.disconnect());
    defer(() => member.socket.disconnect());
    const stored: MessageView[] = [];
    for (const body of payloads) stored.push(await chair.post(body));
    expect(stored.map((m) => m.body)).toEqual(payloads);
    const page = await ok<MessagePage>(member.socket, 'thread:history', {
      threadId: member.threadId,
      limit: payloads.length,
    });
    expect(page.messages.map((m) => m.body).reverse()).toEqual(payloads);
    await eventually(() => expect(member.heard.slice(-payloads.length).map(([, m]) => m.body)).toEqual(payloads));
  });

  it('moves room messages from before threads into the room thread, in order, on start', async () => {
    const m = server.app.models;
    const { _id: legacyRoom } = await m.Room.create({
      title: 'Old roundtable',
      groupId: world.groupId,
      languages: ['en'],
      documentName: `room-${randomUUID()}`,
    });
    const legacy = ['Oldest', 'Middle — الأوسط', 'Newest'];
    for (const body of legacy) {
      await m.Message.collection.insertOne({
        roomId: legacyRoom,
        clientId: randomUUID(),
        authorId: new Types.ObjectId(world.chair.id),
        authorName: world.chair.name,
        body,
        createdAt: new Date(),
      });
    }
    server = await server.restart();
    const socket = await connectSocket(server.url, world.cookies.member);
    defer(() => socket.disconnect());
    const page = (await request(socket, 'thread:history', { roomId: String(legacyRoom) })) as Ack<MessagePage>;
    expect(page.ok && page.data.messages.map((x) => [x.seq, x.body])).toEqual([
      [3, 'Newest'],
      [2, 'Middle — الأوسط'],
      [1, 'Oldest'],
    ]);
    const found = (await request(socket, 'thread:search', {
      roomId: String(legacyRoom),
      q: 'الاوسط',
    })) as Ack<SearchPage>;
    expect(found.ok && found.data.hits.map((x) => x.body)).toEqual(['Middle — الأوسط']);
  });
});

// the machine is shared: these post many messages one by one
describe('the posting rate per person', { timeout: 90_000 }, () => {
  let server: TestServer;
  afterAll(() => server?.close());

  it('refuses past the limit with posting_too_fast, stores nothing, and a retry with the same id lands once later', async () => {
    server = await startServer({ threads: { postsPerMinute: 3 } });
    const world = await buildPlanWorld(server.app.models, server.url);
    const chair = await openThread(server.url, world.cookies.chair, { kind: 'group', groupId: world.groupId });
    for (let i = 0; i < 3; i++) await chair.post(`within the limit ${i}`);
    const clientId = randomUUID();
    const refused = await request(chair.socket, 'thread:post', {
      threadId: chair.threadId,
      body: 'one too many',
      clientId,
    });
    expect(refused).toEqual({ ok: false, error: { code: 'posting_too_fast', message: expect.stringMatching(/kept/) } });
    const page = await ok<MessagePage>(chair.socket, 'thread:history', { threadId: chair.threadId });
    expect(page.messages.map((x) => x.body)).not.toContain('one too many');
    // another person is not held back by this one
    const member = await openThread(server.url, world.cookies.member, { kind: 'group', groupId: world.groupId });
    await member.post('I can still post');
    // a post already stored answers its retry even at the limit (idempotent, not counted twice)
    const stored = page.messages.at(-1)!;
    expect(
      await ok<MessageView>(chair.socket, 'thread:post', {
        threadId: chair.threadId,
        body: stored.body,
        clientId: stored.clientId,
      }),
    ).toEqual(stored);
    chair.socket.disconnect();
    member.socket.disconnect();
  });
});
