import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagePage, MessageVersionView, MessageView, ThreadChanges } from '../../shared/schemas/threads.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, startPlan, type PlanWorld } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';
import { addMatrixPriority } from '../helpers/threadMatrix.js';
import { ok, openThread, type ThreadReader } from '../helpers/threads.js';

// the machine is shared: these post many messages one by one
describe(
  'a priority thread: numbered changes, catch-up after a reconnect, edits, reactions, moderation',
  { timeout: 90_000 },
  () => {
    let server: TestServer;
    let world: PlanWorld;
    let planId: string;
    let documentName: string;
    const defer = useTeardown();

    beforeAll(async () => {
      server = await startServer();
      world = await buildPlanWorld(server.app.models, server.url);
      ({ id: planId, documentName } = await startPlan(server.url, world.cookies.chair, world.groupId));
    }, 180_000);
    afterAll(() => server?.close());

    async function newThread() {
      const priorityId = await addMatrixPriority(server, planId, documentName);
      return { kind: 'priority' as const, planId, priorityId };
    }
    async function open(who: keyof PlanWorld['cookies'], subject: Awaited<ReturnType<typeof newThread>>) {
      const reader = await openThread(server.url, world.cookies[who], subject);
      defer(() => reader.socket.disconnect());
      return reader;
    }
    const since = (r: ThreadReader, after: number) =>
      ok<ThreadChanges>(r.socket, 'thread:since', { threadId: r.threadId, after });

    it('a reader who was away catches up with exactly what it missed: no gap, no duplicate', async () => {
      const subject = await newThread();
      const chair = await open('chair', subject);
      const committee = await open('committee', subject);
      const witness = await open('member2', subject);
      const before = [await chair.post('First: youth councils'), await committee.post('Second: التعاون المحلي')];
      await eventually(() => expect(committee.heard).toHaveLength(2));
      const lastSeen = Math.max(...committee.heard.map(([, m]) => m.changeSeq));
      expect(lastSeen).toBe(2);
      committee.socket.disconnect();

      // while the committee member is away: two posts, an edit of an old message, a reaction, a hide
      const third = await chair.post('Third: funding for the helpdesk');
      const fourth = await chair.post('Fourth: small grants');
      await ok(chair.socket, 'thread:edit', {
        threadId: chair.threadId,
        messageId: before[0]!.id,
        body: 'First: youth councils in every city',
      });
      await ok(chair.socket, 'thread:react', { threadId: chair.threadId, messageId: third.id, emoji: '👍', on: true });
      await ok(chair.socket, 'thread:edit', {
        threadId: chair.threadId,
        messageId: third.id,
        body: 'Third: a helpdesk, funded',
      });

      const back = await open('committee', subject);
      expect(back.opened.thread.seq).toBe(7);
      const changes = await since(back, lastSeen);
      expect(changes.seq).toBe(7);
      expect(changes.hasMore).toBe(false);
      // each changed message once, in its latest state, ordered by its latest change
      expect(changes.messages.map((m) => [m.id, m.changeSeq, m.body])).toEqual([
        [fourth.id, 4, 'Fourth: small grants'],
        [before[0]!.id, 5, 'First: youth councils in every city'],
        [third.id, 7, 'Third: a helpdesk, funded'],
      ]);
      expect(changes.messages[2]!.reactions).toEqual([{ emoji: '👍', userIds: [world.chair.id] }]);
      expect(changes.messages[2]!.editedAt).not.toBeNull();
      // nothing after the newest seq, and a reader that stayed heard every seq exactly once, in order
      expect((await since(back, changes.seq)).messages).toEqual([]);
      await eventually(() => expect(witness.heard).toHaveLength(7));
      expect(witness.heard.map(([, m]) => m.changeSeq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(witness.heard.map(([event]) => event)).toEqual([
        'thread:posted',
        'thread:posted',
        'thread:posted',
        'thread:posted',
        'thread:edited',
        'thread:reacted',
        'thread:edited',
      ]);
    });

    it('numbers concurrent posts from several people without gaps or repeats', async () => {
      const subject = await newThread();
      const readers = await Promise.all(
        (['chair', 'member', 'member2', 'committee'] as const).map((who) => open(who, subject)),
      );
      await Promise.all(readers.flatMap((r, i) => Array.from({ length: 5 }, (_, j) => r.post(`post ${i}.${j}`))));
      const changes = await since(readers[0]!, 0);
      expect(changes.messages.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      for (const r of readers) {
        await eventually(() => expect(r.heard).toHaveLength(20));
        expect(r.heard.map(([, m]) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      }
    });

    it('pages a catch-up larger than one answer', async () => {
      const subject = await newThread();
      const chair = await open('chair', subject);
      for (let i = 0; i < 12; i++) await chair.post(`message ${i}`);
      const first = await ok<ThreadChanges>(chair.socket, 'thread:since', {
        threadId: chair.threadId,
        after: 0,
        limit: 5,
      });
      expect([first.messages.length, first.seq, first.hasMore]).toEqual([5, 5, true]);
      const second = await ok<ThreadChanges>(chair.socket, 'thread:since', {
        threadId: chair.threadId,
        after: first.seq,
        limit: 5,
      });
      const third = await ok<ThreadChanges>(chair.socket, 'thread:since', {
        threadId: chair.threadId,
        after: second.seq,
        limit: 5,
      });
      expect([third.messages.length, third.seq, third.hasMore]).toEqual([2, 12, false]);
      expect([...first.messages, ...second.messages, ...third.messages].map((m) => m.body)).toEqual(
        Array.from({ length: 12 }, (_, i) => `message ${i}`),
      );
    });

    it('replies are one level deep, to a message of the same thread', async () => {
      const subject = await newThread();
      const chair = await open('chair', subject);
      const member = await open('member', subject);
      const top = await chair.post('Shall we add a training on youth councils?');
      const reply = await member.post('نعم، في الربع الثاني', { replyTo: top.id, language: 'ar' });
      expect(reply).toMatchObject({ replyTo: top.id, language: 'ar' });
      await expect(chair.post('A reply to a reply', { replyTo: reply.id })).rejects.toThrow(/bad_request.*one level/);
      const other = await open('chair', await newThread());
      const elsewhere = await other.post('In another thread');
      await expect(chair.post('Cross-thread reply', { replyTo: elsewhere.id })).rejects.toThrow(/bad_request/);
    });

    it('edit keeps earlier versions for moderators only; delete leaves "message deleted"', async () => {
      const subject = await newThread();
      const member = await open('member', subject);
      const chair = await open('chair', subject);
      const m = await member.post('Draft wording');
      const edited = await ok<MessageView>(member.socket, 'thread:edit', {
        threadId: member.threadId,
        messageId: m.id,
        body: 'Final wording',
      });
      expect(edited).toMatchObject({ body: 'Final wording', editedAt: expect.any(String), changeSeq: 2 });
      await expect(
        ok(chair.socket, 'thread:edit', { threadId: member.threadId, messageId: m.id, body: 'Chair rewrites it' }),
      ).rejects.toThrow(/forbidden/);
      await expect(
        ok(member.socket, 'thread:versions', { threadId: member.threadId, messageId: m.id }),
      ).rejects.toThrow(/forbidden/);
      const deleted = await ok<MessageView>(member.socket, 'thread:delete', {
        threadId: member.threadId,
        messageId: m.id,
      });
      expect(deleted).toMatchObject({ deleted: true, body: '', changeSeq: 3 });
      await eventually(() =>
        expect(chair.heard.map(([e]) => e)).toEqual(['thread:posted', 'thread:edited', 'thread:deleted']),
      );
      const versions = await ok<MessageVersionView[]>(chair.socket, 'thread:versions', {
        threadId: member.threadId,
        messageId: m.id,
      });
      expect(versions.map((v) => [v.reason, v.body])).toEqual([
        ['edited', 'Draft wording'],
        ['deleted', 'Final wording'],
      ]);
      const page = await ok<MessagePage>(chair.socket, 'thread:history', { threadId: member.threadId });
      expect(page.messages).toEqual([expect.objectContaining({ id: m.id, deleted: true, body: '' })]);
    });

    it('reactions: one per person per emoji, any single emoji, reaching everyone', async () => {
      const subject = await newThread();
      const chair = await open('chair', subject);
      const member = await open('member', subject);
      const m = await chair.post('Agreed: the helpdesk opens in May');
      const react = (r: ThreadReader, emoji: string, on = true) =>
        ok<MessageView>(r.socket, 'thread:react', { threadId: r.threadId, messageId: m.id, emoji, on });
      await react(member, '👍');
      const twice = await react(member, '👍');
      expect(twice.changeSeq).toBe(2); // the second was no change: no new seq
      await react(chair, '👍');
      const flag = await react(member, '🇲🇰');
      expect(flag.reactions).toEqual([
        { emoji: '👍', userIds: [world.member.id, world.chair.id] },
        { emoji: '🇲🇰', userIds: [world.member.id] },
      ]);
      expect((await react(member, '🇲🇰', false)).reactions).toEqual([
        { emoji: '👍', userIds: [world.member.id, world.chair.id] },
      ]);
      for (const bad of ['ok', '👍👍', '<b>', '']) await expect(react(member, bad)).rejects.toThrow(/bad_request/);
      await eventually(() => expect(chair.heard.filter(([e]) => e === 'thread:reacted')).toHaveLength(4));
    });

    it('a hidden message: withheld from readers, still visible (marked) to its author and moderators; audited', async () => {
      const subject = await newThread();
      const author = await open('member', subject);
      const reader = await open('member2', subject);
      const chair = await open('chair', subject);
      const staff = await open('hubStaff', subject);
      const m = await author.post('Names a private person — do no harm');
      await expect(
        ok(author.socket, 'thread:hide', { threadId: author.threadId, messageId: m.id, hidden: true, reason: 'x' }),
      ).rejects.toThrow(/forbidden/);
      await expect(
        ok(chair.socket, 'thread:hide', { threadId: author.threadId, messageId: m.id, hidden: true }),
      ).rejects.toThrow(/bad_request/);
      const hidden = await ok<MessageView>(staff.socket, 'thread:hide', {
        threadId: author.threadId,
        messageId: m.id,
        hidden: true,
        reason: 'Identifies a private person',
      });
      expect(hidden).toMatchObject({
        redacted: false,
        body: m.body,
        hidden: { reason: 'Identifies a private person', by: { id: world.hubStaff.id } },
      });
      const last = (r: ThreadReader) => r.heard.at(-1)?.[1];
      await eventually(() => expect(last(reader)?.hidden).not.toBeNull());
      expect(last(reader)).toMatchObject({ body: '', redacted: true, hidden: { reason: null, by: null } });
      await eventually(() =>
        expect(last(author)).toMatchObject({
          body: m.body,
          redacted: false,
          hidden: { reason: 'Identifies a private person' },
        }),
      );
      await eventually(() => expect(last(chair)).toMatchObject({ body: m.body, redacted: false }));
      const readerPage = await ok<MessagePage>(reader.socket, 'thread:history', { threadId: author.threadId });
      expect(readerPage.messages[0]).toMatchObject({ body: '', redacted: true });
      const audit = await server.app.models.AuditEvent.find({ action: 'message.hidden', targetId: m.id }).lean();
      expect(audit).toEqual([
        expect.objectContaining({
          actorId: expect.anything(),
          details: expect.objectContaining({ reason: 'Identifies a private person' }),
        }),
      ]);
      expect(String(audit[0]!.actorId)).toBe(world.hubStaff.id);
      await ok(chair.socket, 'thread:hide', { threadId: author.threadId, messageId: m.id, hidden: false });
      await eventually(() => expect(last(reader)).toMatchObject({ body: m.body, redacted: false, hidden: null }));
    });

    it('pin by a moderator; resolve and reopen a priority; counts per priority over REST and live', async () => {
      const subject = await newThread();
      const quiet = await newThread();
      const chair = await open('chair', subject);
      const member = await open('member', subject);
      const counts: unknown[] = [];
      chair.socket.on('thread:counts', (c) => counts.push(c));
      const watched = await ok<{ priorities: Record<string, unknown> }>(chair.socket, 'thread:watch-plan', { planId });
      expect(watched.priorities[subject.priorityId]).toEqual({ count: 0, unresolved: false });
      const m = await member.post('Who owns this priority?');
      await expect(
        ok(member.socket, 'thread:pin', { threadId: member.threadId, messageId: m.id, pinned: true }),
      ).rejects.toThrow(/forbidden/);
      expect(
        await ok(chair.socket, 'thread:pin', { threadId: member.threadId, messageId: m.id, pinned: true }),
      ).toMatchObject({ pinned: true });
      await eventually(() =>
        expect(member.heard.at(-1)).toEqual(['thread:pinned', expect.objectContaining({ pinned: true })]),
      );
      const resolvedEvents: unknown[] = [];
      member.socket.on('thread:resolved', (e) => resolvedEvents.push(e));
      expect(await ok(member.socket, 'thread:resolve', { threadId: member.threadId, resolved: true })).toMatchObject({
        resolved: true,
        seq: 3,
        resolvedBy: { id: world.member.id },
      });
      await eventually(() => expect(resolvedEvents).toEqual([expect.objectContaining({ resolved: true, seq: 3 })]));
      await eventually(() =>
        expect(counts).toEqual([
          { planId, priorityId: subject.priorityId, count: 1, unresolved: true },
          { planId, priorityId: subject.priorityId, count: 1, unresolved: false },
        ]),
      );
      await ok(chair.socket, 'thread:resolve', { threadId: member.threadId, resolved: false });
      const res = await fetch(`${server.url}/api/plans/${planId}/threads`, {
        headers: { cookie: world.cookies.committee },
      });
      const body = (await res.json()) as { priorities: Record<string, unknown> };
      expect(body.priorities[subject.priorityId]).toEqual({ count: 1, unresolved: true });
      expect(body.priorities[quiet.priorityId]).toBeUndefined();
      // a room's chat cannot be resolved
      const { roomId } = await import('../helpers/factories.js').then((f) =>
        f.buildRoom(server.app.models, [{ user: world.chair, role: 'chair' }]),
      );
      await expect(ok(chair.socket, 'thread:resolve', { roomId, resolved: true })).rejects.toThrow(/bad_request/);
    });
  },
);
