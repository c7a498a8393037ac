import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SearchPage, ThreadView, UnreadView } from '../../shared/schemas/threads.js';
import { SEARCH_WINDOW, UNREAD_COUNTED } from '../../shared/schemas/threadLimits.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { lengthenThread } from '../helpers/longThread.js';
import { signInPeople } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { ok, openThread, type ThreadReader } from '../helpers/threads.js';

/** Messages in the thread before the test's own: more than `SEARCH_WINDOW` and `UNREAD_COUNTED`. */
const LOADED = SEARCH_WINDOW + 1200;
/** The loaded message that only a search going further back than the first window finds. */
const OLD_HIT = 300;

/**
 * A thread longer than one search window and than the unread counts' reach: a newcomer is answered
 * "1,000+" and search says how far it looked, both without a query over the messages
 * (docs/threads.md, "Unread counts" and "Search").
 */
describe('a long thread', { timeout: 300_000 }, () => {
  let server: TestServer;
  let people: Record<'author' | 'member' | 'other' | 'newcomer', BuiltUser>;
  const cookies = new Map<BuiltUser, string>();
  let roomId: string;
  let chair: ThreadReader;

  beforeAll(async () => {
    server = await startServer();
    people = await signInPeople(
      server,
      { author: 'Amina Haddad', member: 'Marko Petrović', other: 'Elena Popova', newcomer: 'Youssef Benali' },
      cookies,
    );
    ({ roomId } = await buildRoom(server.app.models, [
      { user: people.author, role: 'chair' },
      { user: people.member, role: 'member' },
      { user: people.other, role: 'member' },
      { user: people.newcomer, role: 'member' },
    ]));
    chair = await openThread(server.url, cookies.get(people.author)!, { kind: 'room', roomId });
    // loaded around the server, as a long thread's messages would have been written over months
    await lengthenThread(server.app.models, chair.threadId, people.author, LOADED, (seq) =>
      seq === OLD_HIT
        ? 'Старата одлука: مُبادَرةٌ للشباب, needle in the past'
        : seq === LOADED - 10
          ? 'Recent needle near the end'
          : `Message ${seq} about youth councils`,
    );
  });
  afterAll(async () => {
    chair?.socket.disconnect();
    await server?.close();
  });

  /** Runs `read` and fails if it asked the messages collection anything. */
  async function withoutQueries<T>(read: () => Promise<T>): Promise<T> {
    const Message = server.app.models.Message;
    const spies = (['find', 'findOne', 'findById', 'countDocuments', 'aggregate', 'distinct'] as const).map((method) =>
      vi.spyOn(Message, method),
    );
    try {
      const answer = await read();
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      return answer;
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  it('answers a newcomer "1,000+" without counting, and a reader within 1,000 the exact count', async () => {
    const cookie = cookies.get(people.newcomer)!;
    const newcomer = await withoutQueries(() => openThread(server.url, cookie, { kind: 'room', roomId }));
    try {
      const thread: ThreadView = newcomer.opened.thread;
      expect(thread.seq).toBe(LOADED);
      expect({ lastRead: thread.lastRead, unread: thread.unread, unreadMore: thread.unreadMore }).toEqual({
        lastRead: 0,
        unread: UNREAD_COUNTED,
        unreadMore: true,
      });
      expect(newcomer.opened.page.messages).toHaveLength(50);
      // read a little of it: still far behind
      const farBehind = await withoutQueries(() =>
        ok(newcomer.socket, 'thread:read', { threadId: newcomer.threadId, seq: 10 }),
      );
      expect(farBehind).toEqual({ lastRead: 10, unread: UNREAD_COUNTED, unreadMore: true });
      const listed = await withoutQueries(async () => {
        const res = await fetch(`${server.url}/api/threads/unread`, { headers: { cookie } });
        return ((await res.json()) as { threads: UnreadView[] }).threads;
      });
      expect(listed).toEqual([
        { threadId: newcomer.threadId, subject: { kind: 'room', roomId }, unread: UNREAD_COUNTED, unreadMore: true },
      ]);
      // within 1,000 of the end: counted exactly (by others, neither deleted nor hidden)
      const at = LOADED - 400;
      const near = await ok(newcomer.socket, 'thread:read', { threadId: newcomer.threadId, seq: at });
      const exact = await server.app.models.Message.countDocuments({
        threadId: new Types.ObjectId(newcomer.threadId),
        seq: { $gt: at },
        authorId: { $ne: new Types.ObjectId(people.newcomer.id) },
        deletedAt: null,
        hiddenAt: null,
      });
      expect(exact).toBe(400);
      expect(near).toEqual({ lastRead: at, unread: exact, unreadMore: false });
    } finally {
      newcomer.socket.disconnect();
    }
  });

  it('searches the 5,000 most recent seqs, says so, and goes further back on request', async () => {
    const search = (q: string, before?: number) =>
      withoutQueries(() => ok<SearchPage>(chair.socket, 'thread:search', { threadId: chair.threadId, q, before }));
    const thread = (await server.app.models.Thread.findById(chair.threadId).lean())!;
    const recent = await search('NEEDLE');
    expect(recent.hits.map((h) => [h.seq, h.body])).toEqual([[LOADED - 10, 'Recent needle near the end']]);
    expect(recent).toMatchObject({
      searchedTo: thread.seq,
      searchedFrom: thread.seq - SEARCH_WINDOW + 1,
      hasMore: true,
    });
    expect(recent.hits[0]).toMatchObject({ author: { id: people.author.id, name: people.author.name }, hidden: false });
    const older = await search('NEEDLE', recent.searchedFrom);
    expect(older.hits.map((h) => h.seq)).toEqual([OLD_HIT]);
    expect(older).toMatchObject({ searchedTo: recent.searchedFrom - 1, searchedFrom: 1, hasMore: false });
    // the old message's Arabic, folded (taa marbuta, tashkeel) and its Cyrillic, any case
    const arabic = await search('مبادره للشباب', recent.searchedFrom);
    expect(arabic.hits.map((h) => h.seq)).toEqual([OLD_HIT]);
    expect((await search('СТАРАТА', recent.searchedFrom)).hits.map((h) => h.seq)).toEqual([OLD_HIT]);
    expect((await search('Старата')).hits).toEqual([]);
    // a page of hits stops where the limit is reached, and says so
    const few = await withoutQueries(() =>
      ok<SearchPage>(chair.socket, 'thread:search', { threadId: chair.threadId, q: 'youth councils', limit: 3 }),
    );
    expect(few.hits.map((h) => h.seq)).toEqual([LOADED, LOADED - 1, LOADED - 2]);
    expect(few).toMatchObject({ searchedFrom: LOADED - 2, searchedTo: LOADED, hasMore: true });
  });

  it('finds what an edit wrote, not what it replaced; never a deleted message; a hidden one only for its author and moderators', async () => {
    const member = await openThread(server.url, cookies.get(people.member)!, { kind: 'room', roomId });
    const other = await openThread(server.url, cookies.get(people.other)!, { kind: 'room', roomId });
    try {
      const hits = async (r: ThreadReader, q: string) =>
        (await ok<SearchPage>(r.socket, 'thread:search', { threadId: r.threadId, q })).hits.map((h) => h.body);
      const edited = await member.post('Ideas for the kiwi festival');
      await ok(member.socket, 'thread:edit', {
        threadId: member.threadId,
        messageId: edited.id,
        body: 'Ideas for the mango festival',
      });
      expect(await hits(other, 'kiwi')).toEqual([]);
      expect(await hits(other, 'MANGO')).toEqual(['Ideas for the mango festival']);
      await ok(member.socket, 'thread:delete', { threadId: member.threadId, messageId: edited.id });
      expect(await hits(other, 'mango')).toEqual([]);
      expect(await hits(member, 'mango')).toEqual([]);

      const hidden = await member.post('A papaya budget line — ميزانية');
      await ok(chair.socket, 'thread:hide', {
        threadId: chair.threadId,
        messageId: hidden.id,
        hidden: true,
        reason: 'off topic',
      });
      expect(await hits(other, 'papaya')).toEqual([]);
      expect(await hits(member, 'papaya')).toEqual(['A papaya budget line — ميزانية']);
      expect(await hits(chair, 'papaya')).toEqual(['A papaya budget line — ميزانية']);
      const found = await ok<SearchPage>(member.socket, 'thread:search', { threadId: member.threadId, q: 'papaya' });
      expect(found.hits[0]).toMatchObject({ id: hidden.id, hidden: true });
      await ok(chair.socket, 'thread:hide', { threadId: chair.threadId, messageId: hidden.id, hidden: false });
      expect(await hits(other, 'papaya')).toEqual(['A papaya budget line — ميزانية']);
    } finally {
      member.socket.disconnect();
      other.socket.disconnect();
    }
  });
});
