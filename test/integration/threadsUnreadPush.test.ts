import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnreadView } from '../../shared/schemas/threads.js';
import { connectSocket, eventually } from '../helpers/clients.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { signInPeople } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';
import { ok, openThread, type ThreadReader } from '../helpers/threads.js';

/**
 * Unread counts of threads a tab has not opened reach the person's own channel at once
 * (`thread:unread`), only for people who may read the thread, one per person per burst.
 */
describe('unread counts pushed live', { timeout: 120_000 }, () => {
  let server: TestServer;
  let people: Record<'a' | 'b' | 'c', BuiltUser>;
  const cookies = new Map<BuiltUser, string>();
  let roomId: string;
  let writer: ThreadReader;
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    people = await signInPeople(server, { a: 'Amina Haddad', b: 'Marko Petrović', c: 'Youssef Benali' }, cookies);
    // c is not in the room's group
    ({ roomId } = await buildRoom(server.app.models, [
      { user: people.a, role: 'chair' },
      { user: people.b, role: 'member' },
    ]));
    writer = await openThread(server.url, cookies.get(people.a)!, { kind: 'room', roomId });
  });
  afterAll(async () => {
    writer?.socket.disconnect();
    await server?.close();
  });

  async function listen(who: BuiltUser) {
    const socket = await connectSocket(server.url, cookies.get(who)!);
    defer(() => socket.disconnect());
    const heard: UnreadView[] = [];
    socket.on('thread:unread', (u: UnreadView) => heard.push(u));
    return { socket, heard };
  }

  it('tells a follower of the thread its new count without their tab opening it', async () => {
    // b read the chat once (so it is one of their threads), then browses elsewhere
    const b = await openThread(server.url, cookies.get(people.b)!, { kind: 'room', roomId });
    await ok(b.socket, 'thread:read', { threadId: b.threadId, seq: 0 });
    b.socket.disconnect();
    // c somehow has a read marker (removed from the group since): the policy still says no
    await server.app.models.ReadMarker.create({
      userId: people.c.id,
      threadId: new Types.ObjectId(writer.threadId),
      seq: 0,
    });
    const bTab = await listen(people.b);
    const cTab = await listen(people.c);
    const posts = 6;
    for (let i = 1; i <= posts; i++) await writer.post(`Update ${i} on the youth centres`);
    await eventually(() => {
      expect(bTab.heard.at(-1)).toEqual({
        threadId: writer.threadId,
        subject: { kind: 'room', roomId },
        unread: posts,
        unreadMore: false,
      });
    }, 20_000);
    // one message per burst: never more than one per post
    expect(bTab.heard.length).toBeLessThanOrEqual(posts);
    expect(bTab.heard.map((u) => u.unread)).toEqual([...bTab.heard.map((u) => u.unread)].sort((x, y) => x - y));
    // the same count the list answers
    const listed = await fetch(`${server.url}/api/threads/unread`, { headers: { cookie: cookies.get(people.b)! } });
    expect(((await listed.json()) as { threads: UnreadView[] }).threads).toEqual([bTab.heard.at(-1)]);
    expect(cTab.heard).toEqual([]);
  });

  it("a deleted message lowers the count, and reading in one tab updates the person's other tabs", async () => {
    const bTab = await listen(people.b);
    const page = writer.heard.filter(([e]) => e === 'thread:posted').map(([, m]) => m);
    await ok(writer.socket, 'thread:delete', { threadId: writer.threadId, messageId: page.at(-1)!.id });
    await eventually(() => expect(bTab.heard.at(-1)?.unread).toBe(page.length - 1), 20_000);
    const reading = await openThread(server.url, cookies.get(people.b)!, { kind: 'room', roomId });
    defer(() => reading.socket.disconnect());
    await ok(reading.socket, 'thread:read', { threadId: reading.threadId, seq: reading.opened.thread.seq });
    await eventually(() => expect(bTab.heard.at(-1)?.unread).toBe(0), 20_000);
  });
});
