import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.js';
import type { PresenceEntry } from '../../shared/schemas/rooms.js';
import type { MessageView } from '../../shared/schemas/threads.js';
import { CLOSE_CODES } from '../../shared/collab.js';
import { api } from '../helpers/api.js';
import { openProvider, storedDoc } from '../helpers/collab.js';
import { connectSocket, eventually, login, request, waitForSync, type ClientSocket } from '../helpers/clients.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import type { RedisServer } from '../helpers/redisServer.js';
import type { TestServer } from '../helpers/server.js';
import { startTwoNodes, type TwoNodes } from '../helpers/twoNodes.js';
import { useTeardown } from '../helpers/teardown.js';

/**
 * Two server nodes on one database and one Redis (REDIS_URL): stock clients on
 * either node see the same documents and discussions, and an access change made
 * through one node reaches connections held by the other.
 */
describe('two nodes, one database, one Redis', () => {
  let redis: RedisServer;
  let nodeA: TestServer;
  let nodeB: TestServer;
  let admin: BuiltUser;
  let adminCookie: string;
  const defer = useTeardown();
  const sockets: ClientSocket[] = [];

  let nodes: TwoNodes | undefined;

  beforeAll(async () => {
    nodes = await startTwoNodes();
    ({ redis, nodeA, nodeB } = nodes);
    admin = await buildUser(nodeA.app.models, { name: 'Ana Admin', isAdmin: true });
    adminCookie = await login(nodeA.url, admin);
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await nodes?.close();
  });

  async function twoMembers() {
    const amina = await buildUser(nodeA.app.models, { name: 'Amina Haddad' });
    const marko = await buildUser(nodeA.app.models, { name: 'Marko Petrović' });
    const room = await buildRoom(nodeA.app.models, [
      { user: amina, role: 'chair' },
      { user: marko, role: 'member' },
    ]);
    return {
      amina,
      marko,
      ...room,
      aminaCookie: await login(nodeA.url, amina),
      markoCookie: await login(nodeB.url, marko),
    };
  }

  async function socketOn(node: TestServer, cookie: string) {
    const socket = await connectSocket(node.url, cookie);
    sockets.push(socket);
    return socket;
  }

  it('reports Redis in the health check of each node', async () => {
    for (const node of [nodeA, nodeB]) {
      const health = await api(node.url, 'GET', '/api/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', db: 'up', redis: 'up' });
    }
  });

  it('stock y-websocket clients on different nodes edit one document and converge; the log holds it all', async () => {
    const { documentName, aminaCookie, markoCookie } = await twoMembers();
    const onA = openProvider(defer, nodeA.url, documentName, aminaCookie);
    const onB = openProvider(defer, nodeB.url, documentName, markoCookie);
    await Promise.all([waitForSync(onA.provider), waitForSync(onB.provider)]);
    onA.doc.getText('t').insert(0, 'Youth councils. ');
    await eventually(() => expect(onB.doc.getText('t').toString()).toBe('Youth councils. '));
    onB.doc.getText('t').insert(onB.doc.getText('t').length, 'Safe spaces. ');
    await eventually(() => expect(onA.doc.getText('t').toString()).toBe('Youth councils. Safe spaces. '));
    // both nodes writing at once: each store's seq collides with the other's, and both catch up
    for (let i = 0; i < 60; i++) {
      onA.doc.getText('t').insert(0, `a${i} `);
      onB.doc.getText('t').insert(onB.doc.getText('t').length, ` b${i}`);
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 20));
    }
    await eventually(() => expect(onB.doc.getText('t').toString()).toBe(onA.doc.getText('t').toString()), 20_000);
    const text = onA.doc.getText('t').toString();
    for (let i = 0; i < 60; i++) expect(text).toContain(` b${i}`);
    await eventually(async () =>
      expect((await storedDoc(nodeA.app.models, documentName)).getText('t').toString()).toBe(text),
    );
  });

  it('carets and names of people on one node reach editors on the other, and leave with them', async () => {
    const { documentName, aminaCookie, markoCookie } = await twoMembers();
    const onA = openProvider(defer, nodeA.url, documentName, aminaCookie);
    const onB = openProvider(defer, nodeB.url, documentName, markoCookie);
    await Promise.all([waitForSync(onA.provider), waitForSync(onB.provider)]);
    onA.provider.awareness.setLocalStateField('cursor', { anchor: 3 });
    await eventually(() =>
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toMatchObject({ cursor: { anchor: 3 } }),
    );
    onA.provider.destroy();
    await eventually(() => expect(onB.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false));
  });

  it('a discussion message posted on one node reaches a member on the other, and catch-up has no gap', async () => {
    const { roomId, aminaCookie, markoCookie } = await twoMembers();
    const poster = await socketOn(nodeA, aminaCookie);
    const reader = await socketOn(nodeB, markoCookie);
    const heard: MessageView[] = [];
    reader.on('thread:posted', (m) => heard.push(m));
    for (const s of [poster, reader]) expect(await request(s, 'room:join', { roomId })).toMatchObject({ ok: true });
    const bodies = Array.from({ length: 5 }, (_, i) => `From Tirana, point ${i + 1}`);
    for (const body of bodies) {
      const ack = (await request(poster, 'thread:post', { roomId, body, clientId: randomUUID() })) as Ack<MessageView>;
      expect(ack.ok).toBe(true);
    }
    await eventually(() => expect(heard.map((m) => m.body)).toEqual(bodies));
    expect(heard.map((m) => m.seq)).toEqual(heard.map((_, i) => heard[0]!.seq + i));
  });

  it('messages posted at once through both nodes reach readers on both in one order, without gap or duplicate', async () => {
    const { roomId, aminaCookie, markoCookie } = await twoMembers();
    const onA = await socketOn(nodeA, aminaCookie);
    const onB = await socketOn(nodeB, markoCookie);
    const heard = new Map<ClientSocket, MessageView[]>([
      [onA, []],
      [onB, []],
    ]);
    for (const [s, list] of heard) {
      s.on('thread:posted', (m) => list.push(m));
      expect(await request(s, 'room:join', { roomId })).toMatchObject({ ok: true });
    }
    const posts = Array.from({ length: 20 }, (_, i) =>
      request(i % 2 ? onB : onA, 'thread:post', { roomId, body: `point ${i}`, clientId: randomUUID() }),
    );
    for (const ack of (await Promise.all(posts)) as Ack<MessageView>[]) expect(ack.ok).toBe(true);
    for (const list of heard.values()) {
      await eventually(() => expect(list).toHaveLength(20));
      const seqs = list.map((m) => m.seq);
      // each reader hears them in seq order, every seq once
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    }
  });

  it('a message edited through one node reads edited through the other, in history and in catch-up', async () => {
    const { roomId, aminaCookie, markoCookie } = await twoMembers();
    const onA = await socketOn(nodeA, aminaCookie);
    const onB = await socketOn(nodeB, markoCookie);
    for (const s of [onA, onB]) expect(await request(s, 'room:join', { roomId })).toMatchObject({ ok: true });
    const posted = (await request(onA, 'thread:post', {
      roomId,
      body: 'Youth councils in Tuzla',
      clientId: randomUUID(),
    })) as Ack<MessageView>;
    if (!posted.ok) throw new Error(posted.error.message);
    // node A reads (and may remember) the message; the author edits it through node B
    const before = (await request(onA, 'thread:history', { roomId })) as Ack<{ messages: MessageView[] }>;
    expect(before.ok && before.data.messages.map((m) => m.body)).toContain('Youth councils in Tuzla');
    const authorOnB = await socketOn(nodeB, aminaCookie);
    expect(await request(authorOnB, 'room:join', { roomId })).toMatchObject({ ok: true });
    const edited = await request(authorOnB, 'thread:edit', {
      roomId,
      messageId: posted.data.id,
      body: 'Youth councils in Tuzla and Bihać',
    });
    expect(edited).toMatchObject({ ok: true });
    const history = (await request(onA, 'thread:history', { roomId })) as Ack<{ messages: MessageView[] }>;
    expect(history.ok && history.data.messages.map((m) => m.body)).toEqual(['Youth councils in Tuzla and Bihać']);
    const since = (await request(onA, 'thread:since', { roomId, after: posted.data.seq })) as Ack<{
      messages: MessageView[];
    }>;
    expect(since.ok && since.data.messages.map((m) => m.body)).toEqual(['Youth councils in Tuzla and Bihać']);
  });

  it('wrong passwords count across nodes: the per-account limit is not doubled by a second node', async () => {
    const person = await buildUser(nodeA.app.models, { name: 'Leila Mansour' });
    const attempt = (node: TestServer) =>
      api(node.url, 'POST', '/api/auth/login', { body: { email: person.email, password: 'not the password' } });
    const limit = nodeA.config.login.maxFailuresPerAccount;
    const statuses: number[] = [];
    for (let i = 0; i < limit + 1; i++) statuses.push((await attempt(i % 2 ? nodeB : nodeA)).status);
    expect(statuses.slice(0, limit).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('who is in a room shows people from both nodes, once each, and updates when one leaves', async () => {
    const { amina, marko, roomId, aminaCookie, markoCookie } = await twoMembers();
    const onA = await socketOn(nodeA, aminaCookie);
    const onB = await socketOn(nodeB, markoCookie);
    const heardOnA: PresenceEntry[][] = [];
    onA.on('room:presence', ({ presence }) => heardOnA.push(presence));
    const duplicates: number[] = [];
    onA.on('room:presence', () => duplicates.push(Date.now()));
    expect(await request(onA, 'room:join', { roomId })).toMatchObject({ ok: true });
    const joined = (await request(onB, 'room:join', { roomId })) as Ack<{ presence: PresenceEntry[] }>;
    expect(joined.ok && joined.data.presence.map((p) => p.userId).sort()).toEqual([amina.id, marko.id].sort());
    await eventually(() => expect(heardOnA.at(-1)?.map((p) => p.name)).toEqual(['Amina Haddad', 'Marko Petrović']));
    // one message per change, not one per node
    const before = duplicates.length;
    expect(await request(onB, 'room:leave', { roomId })).toMatchObject({ ok: true });
    await eventually(() => expect(heardOnA.at(-1)?.map((p) => p.userId)).toEqual([amina.id]));
    await new Promise((r) => setTimeout(r, 300));
    expect(duplicates.length - before).toBe(1);
  });

  it('removing a member through one node closes their sync and socket connections on the other', async () => {
    const { marko, groupId, roomId, documentName, markoCookie } = await twoMembers();
    const onB = openProvider(defer, nodeB.url, documentName, markoCookie);
    await waitForSync(onB.provider);
    const closes: number[] = [];
    onB.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    const socket = await socketOn(nodeB, markoCookie);
    const revoked: string[] = [];
    socket.on('room:access-changed', ({ roomId: id }) => revoked.push(id));
    expect(await request(socket, 'room:join', { roomId })).toMatchObject({ ok: true });
    const removed = await api(nodeA.url, 'DELETE', `/api/groups/${groupId}/members/${marko.id}`, {
      cookie: adminCookie,
    });
    expect(removed.status).toBe(204);
    await eventually(() => expect(closes).toContain(CLOSE_CODES.policyViolation));
    await eventually(() => expect(revoked).toContain(roomId));
  });

  it('Redis restarting: health says so meanwhile, edits go on, and both nodes converge once it is back', async () => {
    const { documentName, aminaCookie, markoCookie } = await twoMembers();
    const onA = openProvider(defer, nodeA.url, documentName, aminaCookie);
    const onB = openProvider(defer, nodeB.url, documentName, markoCookie);
    await Promise.all([waitForSync(onA.provider), waitForSync(onB.provider)]);
    await redis.stop();
    await eventually(async () => {
      const health = await api(nodeA.url, 'GET', '/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ db: 'up', redis: 'down' });
    });
    // stored by each node; the other cannot hear of it while Redis is away
    onA.doc.getText('t').insert(0, 'Written on A during the outage. ');
    onB.doc.getText('t').insert(0, 'Written on B during the outage. ');
    await redis.restart();
    await eventually(() => expect(onB.doc.getText('t').toString()).toBe(onA.doc.getText('t').toString()), 20_000);
    expect(onA.doc.getText('t').toString()).toContain('Written on B during the outage.');
    expect(onB.doc.getText('t').toString()).toContain('Written on A during the outage.');
    await eventually(async () =>
      expect((await api(nodeB.url, 'GET', '/api/health')).body).toMatchObject({ redis: 'up' }),
    );
  });
});
