import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MessagePage, MessageView, SearchPage, ThreadChanges } from '../../shared/schemas/threads.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { signInPeople } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { connectSocket, request } from '../helpers/clients.js';
import { ok, openThread, type ThreadReader } from '../helpers/threads.js';

/**
 * History and catch-up read the thread's `_id`-addressed pages (docs/threads.md, "Pages"): the
 * answers must be exactly what the plain queries on the messages give.
 */
describe('paged history and catch-up', { timeout: 180_000 }, () => {
  let server: TestServer;
  let a: BuiltUser;
  let b: BuiltUser;
  let c: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  let roomId: string;
  let reader: ThreadReader;
  let writer: ThreadReader;

  beforeAll(async () => {
    server = await startServer();
    ({ a, b, c } = await signInPeople(server, { a: 'Amina Haddad', b: 'Marko Petrović', c: 'Zawadi Mwangi' }, cookies));
    ({ roomId } = await buildRoom(server.app.models, [
      { user: a, role: 'chair' },
      { user: b, role: 'member' },
    ]));
    writer = await openThread(server.url, cookies.get(a)!, { kind: 'room', roomId });
    // 130 messages over three pages of seqs and more, with edits, reactions, a delete and a resolve-free gap
    const posted: MessageView[] = [];
    for (let i = 1; i <= 130; i++) {
      posted.push(await writer.post(`Message ${i} — رسالة ${i}`, { language: i % 2 ? 'en' : 'ar' }));
      if (i % 9 === 0) {
        await ok(writer.socket, 'thread:edit', {
          threadId: writer.threadId,
          messageId: posted[i - 5]!.id,
          body: `Edited ${i}`,
        });
      }
      if (i % 13 === 0) {
        await ok(writer.socket, 'thread:react', {
          threadId: writer.threadId,
          messageId: posted[i - 2]!.id,
          emoji: '👍',
          on: true,
        });
      }
    }
    await ok(writer.socket, 'thread:delete', { threadId: writer.threadId, messageId: posted[60]!.id });
    reader = await openThread(server.url, cookies.get(b)!, { kind: 'room', roomId });
  });
  afterAll(async () => {
    reader?.socket.disconnect();
    writer?.socket.disconnect();
    await server?.close();
  });

  const threadObjectId = () => new Types.ObjectId(reader.threadId);

  async function allPages(r: ThreadReader, limit: number) {
    const seqs: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await ok<MessagePage>(r.socket, 'thread:history', { threadId: r.threadId, before, limit });
      seqs.push(...page.messages.map((m) => m.seq));
      if (!page.hasMore) return seqs;
      before = page.messages.at(-1)!.seq;
    }
  }

  it('pages through every message newest first, no gap, no duplicate, hasMore exactly right', async () => {
    const expected = (
      await server.app.models.Message.find({ threadId: threadObjectId() }).sort({ seq: -1 }).lean()
    ).map((m) => m.seq);
    expect(expected).toHaveLength(130);
    for (const limit of [50, 7, 1]) expect(await allPages(reader, limit)).toEqual(expected);
    const newest = await ok<MessagePage>(reader.socket, 'thread:history', { threadId: reader.threadId, limit: 100 });
    expect(newest.messages.map((m) => m.body)[0]).toBe('Message 130 — رسالة 130');
    expect(newest.messages.find((m) => m.seq === expected[69])).toMatchObject({ deleted: true, body: '' });
  });

  it('answers the page around a seq (it and older, half the page, newer, half), then newer pages up to the newest', async () => {
    const all = (await server.app.models.Message.find({ threadId: threadObjectId() }).sort({ seq: -1 }).lean()).map(
      (m) => m.seq,
    );
    const deleted = all[69]!;
    const thread = (await server.app.models.Thread.findById(threadObjectId()).lean())!;
    for (const [around, limit] of [
      [all[100]!, 50],
      [all[100]!, 7],
      [all[1]!, 10],
      [all.at(-1)!, 10],
      [all.at(-2)!, 1],
      [deleted, 5],
    ] as const) {
      const page = await ok<MessagePage>(reader.socket, 'thread:history', { threadId: reader.threadId, around, limit });
      const at = all.indexOf(around);
      const newerCount = limit - Math.ceil(limit / 2);
      const from = Math.max(0, at - newerCount);
      const to = at + Math.ceil(limit / 2);
      expect(
        page.messages.map((m) => m.seq),
        `around ${around}, limit ${limit}`,
      ).toEqual(all.slice(from, to));
      expect(page.hasMore).toBe(to < all.length);
      expect(page.hasNewer).toBe(at - newerCount > 0);
    }
    // the deleted one is there, as history shows it: a mark without its text
    const aroundDeleted = await ok<MessagePage>(reader.socket, 'thread:history', {
      threadId: reader.threadId,
      around: deleted,
      limit: 3,
    });
    expect(aroundDeleted.messages.find((m) => m.seq === deleted)).toMatchObject({ deleted: true, body: '' });
    // a seq of a change (an edit), not of a post: the posts below it and above it
    const changeSeq = thread.seq - 1;
    const centered = await ok<MessagePage>(reader.socket, 'thread:history', {
      threadId: reader.threadId,
      around: changeSeq,
      limit: 4,
    });
    for (const m of centered.messages) expect(all).toContain(m.seq);
    // past the end: the newest page
    const past = await ok<MessagePage>(reader.socket, 'thread:history', { threadId: reader.threadId, around: 10 ** 9 });
    expect(past.messages.map((m) => m.seq)).toEqual(all.slice(0, 25));
    expect(past.hasNewer).toBe(false);
    // from a window far back, `after` its newest: newer pages, newest first each, up to the newest, none twice
    for (const limit of [50, 9]) {
      const window = await ok<MessagePage>(reader.socket, 'thread:history', {
        threadId: reader.threadId,
        around: all[110]!,
        limit,
      });
      const seen = window.messages.map((m) => m.seq);
      let newer = window;
      while (newer.hasNewer) {
        newer = await ok<MessagePage>(reader.socket, 'thread:history', {
          threadId: reader.threadId,
          after: Math.max(...seen),
          limit,
        });
        expect(newer.messages.length).toBeLessThanOrEqual(limit);
        const seqs = newer.messages.map((m) => m.seq);
        expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
        seen.push(...seqs);
      }
      expect(seen.sort((x, y) => y - x)).toEqual(all.slice(0, seen.length));
      expect(seen[0]).toBe(all[0]);
    }
  });

  it('refuses a page around a seq to one who may not read the thread, and bad input with a clear error', async () => {
    const outsider = await connectSocket(server.url, cookies.get(c)!);
    try {
      expect(await request(outsider, 'thread:history', { threadId: reader.threadId, around: 40 })).toEqual({
        ok: false,
        error: { code: 'not_found', message: 'Thread not found.' },
      });
      expect(await request(outsider, 'thread:history', { roomId, after: 40 })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    } finally {
      outsider.disconnect();
    }
    for (const bad of [
      { around: -1 },
      { around: 2.5 },
      { around: '40' },
      { after: -3 },
      { around: 40, before: 50 },
      { after: 40, around: 50 },
      { around: 40, limit: 101 },
    ]) {
      const answer = (await request(reader.socket, 'thread:history', { threadId: reader.threadId, ...bad })) as {
        ok: boolean;
        error?: { code: string; message: string };
      };
      expect(answer, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    const both = (await request(reader.socket, 'thread:history', {
      threadId: reader.threadId,
      around: 40,
      before: 50,
    })) as { error: unknown };
    expect(JSON.stringify(both.error)).toMatch(/before, after or around/);
    // the socket still answers
    expect(
      (await ok<MessagePage>(reader.socket, 'thread:history', { threadId: reader.threadId, limit: 1 })).messages,
    ).toHaveLength(1);
  });

  it('catches up from any seq with the current state of each message changed after it, oldest change first', async () => {
    const thread = (await server.app.models.Thread.findById(threadObjectId()).lean())!;
    for (const after of [0, 1, 49, 50, 100, 140, thread.seq - 3, thread.seq]) {
      const want = (
        await server.app.models.Message.find({ threadId: threadObjectId(), changeSeq: { $gt: after } })
          .sort({ changeSeq: 1 })
          .lean()
      ).map((m) => [String(m._id), m.changeSeq]);
      for (const limit of [500, 6]) {
        const got = new Map<string, number>();
        let from = after;
        for (;;) {
          const changes = await ok<ThreadChanges>(reader.socket, 'thread:since', {
            threadId: reader.threadId,
            after: from,
            limit,
          });
          expect(changes.messages.length).toBeLessThanOrEqual(limit);
          for (const m of changes.messages) got.set(m.id, Math.max(got.get(m.id) ?? 0, m.changeSeq));
          expect(changes.seq).toBeGreaterThanOrEqual(from);
          from = changes.seq;
          if (!changes.hasMore) break;
        }
        expect(from).toBe(thread.seq);
        expect(
          [...got].sort((x, y) => x[1] - y[1]),
          `after ${after}, limit ${limit}`,
        ).toEqual(want);
      }
    }
  });

  it('counts unread messages from the pages as the query does (by others, neither deleted nor hidden)', async () => {
    const thread = (await server.app.models.Thread.findById(threadObjectId()).lean())!;
    const { c } = await signInPeople(server, { c: 'Youssef Benali' }, cookies);
    await server.app.models.Membership.create({
      groupId: (await server.app.models.Room.findById(roomId).lean())!.groupId,
      userId: c.id,
      role: 'member',
    });
    const newcomer = await openThread(server.url, cookies.get(c)!, { kind: 'room', roomId });
    const all = await server.app.models.Message.countDocuments({
      threadId: threadObjectId(),
      deletedAt: null,
      hiddenAt: null,
    });
    expect(newcomer.opened.thread.unread).toBe(all);
    const at = thread.seq - 30;
    const want = await server.app.models.Message.countDocuments({
      threadId: threadObjectId(),
      seq: { $gt: at },
      deletedAt: null,
      hiddenAt: null,
    });
    expect(await ok(newcomer.socket, 'thread:read', { threadId: newcomer.threadId, seq: at })).toEqual({
      lastRead: at,
      unread: want,
      unreadMore: false,
    });
    newcomer.socket.disconnect();
  });

  it('after a restart reads pages and catch-up from the blocks: the same messages, no query on the messages', async () => {
    const views = async (limit: number) => {
      const out: MessageView[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await ok<MessagePage>(reader.socket, 'thread:history', {
          threadId: reader.threadId,
          before,
          limit,
        });
        out.push(...page.messages);
        if (!page.hasMore) return out;
        before = page.messages.at(-1)!.seq;
      }
    };
    const since = () => ok<ThreadChanges>(reader.socket, 'thread:since', { threadId: reader.threadId, after: 0 });
    const history = await views(50);
    const changes = await since();
    reader.socket.disconnect();
    server = await server.restart();
    // every read of the messages collection goes through one of these
    const Message = server.app.models.Message;
    const spies = (['find', 'findOne', 'findById', 'countDocuments', 'aggregate'] as const).map((method) =>
      vi.spyOn(Message, method),
    );
    try {
      // opening counts the unread messages (all of them: this reader never read any) from the blocks too
      reader = await openThread(server.url, cookies.get(b)!, { kind: 'room', roomId });
      expect(await views(50)).toEqual(history);
      expect(await since()).toEqual(changes);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(history.find((m) => m.body.startsWith('Edited'))).toBeTruthy();
  });

  it('writes the pages of a thread from before pages at start, and reads the same', async () => {
    const before = await allPages(reader, 50);
    const jumps = async () => {
      const seqs = async (payload: Record<string, number>) =>
        (
          await ok<MessagePage>(reader.socket, 'thread:history', { threadId: reader.threadId, ...payload })
        ).messages.map((m) => m.seq);
      return [await seqs({ around: before[90]!, limit: 9 }), await seqs({ after: before[90]!, limit: 9 })];
    };
    const jumped = await jumps();
    expect(jumped[0]).toEqual(before.slice(86, 95));
    await server.app.models.ThreadPage.deleteMany({ threadId: threadObjectId() });
    await server.app.models.Thread.updateOne({ _id: threadObjectId() }, { $set: { paged: false } });
    // unpaged: the plain queries still answer, the page around a seq and after it too
    expect(await allPages(reader, 50)).toEqual(before);
    expect(await jumps()).toEqual(jumped);
    reader.socket.disconnect();
    server = await server.restart();
    expect((await server.app.models.Thread.findById(threadObjectId()).lean())?.paged).toBe(true);
    reader = await openThread(server.url, cookies.get(b)!, { kind: 'room', roomId });
    expect(await allPages(reader, 50)).toEqual(before);
    expect(await server.app.models.ThreadPage.countDocuments({ threadId: threadObjectId() })).toBeGreaterThanOrEqual(3);
    // a retry of a post from before the pages still lands once (its client id was recorded at start)
    const first = (await server.app.models.Message.findOne({ threadId: threadObjectId(), seq: 1 }).lean())!;
    const w = await openThread(server.url, cookies.get(a)!, { kind: 'room', roomId });
    const retried = await ok<MessageView>(w.socket, 'thread:post', {
      threadId: w.threadId,
      body: first.body,
      clientId: first.clientId,
    });
    expect(retried.id).toBe(String(first._id));
    expect(await server.app.models.Message.countDocuments({ threadId: threadObjectId() })).toBe(130);
    w.socket.disconnect();
  });

  it('a post whose copy and search entry a crash lost is read from the message, both put back by that read', async () => {
    const w = await openThread(server.url, cookies.get(a)!, { kind: 'room', roomId });
    const posted = await w.post('The newest, written just before the crash — الأحدث');
    w.socket.disconnect();
    const m = server.app.models;
    const slot = `m.${posted.seq % 50}`;
    const copyInTail = async () => {
      const tail = await m.ThreadTail.findById(reader.threadId).lean<{
        b: number;
        m: Record<string, { _id: unknown }>;
      }>();
      return tail?.b === Math.floor(posted.seq / 50) ? String(tail.m[posted.seq % 50]?._id ?? '') : null;
    };
    expect(await copyInTail()).toBe(posted.id);
    // the process died after the message was stored and before its search entry and copy were
    await m.ThreadTail.updateOne({ _id: reader.threadId }, { $unset: { [slot]: '' } });
    expect(await copyInTail()).toBe('');
    expect(posted.seq).toBeLessThan(1000); // in the thread's first search document, in threadsearches0
    await m.ThreadSearch0.updateOne({ _id: `${reader.threadId}:q0` }, { $unset: { [`t.${posted.seq}`]: '' } });
    const found = async () =>
      (await ok<SearchPage>(reader.socket, 'thread:search', { threadId: reader.threadId, q: 'crash' })).hits.map(
        (h) => h.id,
      );
    expect(await found()).toEqual([]);
    reader.socket.disconnect();
    server = await server.restart();
    reader = await openThread(server.url, cookies.get(b)!, { kind: 'room', roomId });
    const newest = await ok<MessagePage>(reader.socket, 'thread:history', { threadId: reader.threadId, limit: 5 });
    expect(newest.messages[0]).toMatchObject({ id: posted.id, seq: posted.seq, body: posted.body });
    expect(await server.app.models.ThreadTail.findById(reader.threadId).lean()).toBeTruthy();
    expect(await found()).toEqual([posted.id]);
    const again = await server.app.models.ThreadTail.findById(reader.threadId).lean<{
      m: Record<string, { _id: unknown }>;
    }>();
    expect(String(again?.m[posted.seq % 50]?._id)).toBe(posted.id);
    // after another restart the page is read from the copies alone
    reader.socket.disconnect();
    server = await server.restart();
    const spy = vi.spyOn(server.app.models.Message, 'findById');
    try {
      reader = await openThread(server.url, cookies.get(b)!, { kind: 'room', roomId });
      expect(reader.opened.page.messages[0]).toMatchObject({ id: posted.id, body: posted.body });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
