import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.js';
import type { ModeratedReportItem, TranslationView } from '../../shared/schemas/translations.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { signInPeople } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';
import { ok, openThread, type ThreadReader } from '../helpers/threads.js';
import { request } from '../helpers/clients.js';

/**
 * The moderators' list of translation reports across every thread they may moderate
 * (`GET /api/translation-reports`), dismissing and correcting from it, both audit-logged.
 */
describe('translation reports across threads', { timeout: 120_000 }, () => {
  let server: TestServer;
  let people: Record<'chair1' | 'member1' | 'chair2' | 'member2', BuiltUser>;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();
  const rooms: { roomId: string; title: string }[] = [];

  beforeAll(async () => {
    server = await startServer();
    people = await signInPeople(
      server,
      { chair1: 'Amina Haddad', member1: 'Claire Dubois', chair2: 'Marko Petrović', member2: 'Ilir Berisha' },
      cookies,
    );
    for (const [chair, member, title] of [
      [people.chair1, people.member1, 'Tirana youth roundtable'],
      [people.chair2, people.member2, 'Sarajevo schools roundtable'],
    ] as const) {
      const { roomId } = await buildRoom(
        server.app.models,
        [
          { user: chair, role: 'chair' },
          { user: member, role: 'member' },
        ],
        { title },
      );
      rooms.push({ roomId, title });
    }
  }, 180_000);
  afterAll(() => server?.close());

  async function enter(user: BuiltUser, roomId: string): Promise<ThreadReader> {
    const reader = await openThread(server.url, cookies.get(user)!, { kind: 'room', roomId });
    defer(() => reader.socket.disconnect());
    return reader;
  }
  const list = async (user: BuiltUser) => {
    const res = await fetch(`${server.url}/api/translation-reports`, { headers: { cookie: cookies.get(user)! } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { reports: ModeratedReportItem[] }).reports;
  };

  /** The chair posts in English; the member translates into French and reports their own mistake. */
  async function reported(chair: BuiltUser, member: BuiltUser, roomId: string, body: string, reason: string) {
    const c = await enter(chair, roomId);
    const m = await enter(member, roomId);
    const message = await c.post(body, { language: 'en' });
    const translation = await ok<TranslationView>(m.socket, 'thread:translation-add', {
      threadId: m.threadId,
      messageId: message.id,
      language: 'fr',
      body: 'Les conseils des jeunes <b>dabord</b>',
    });
    const report = await ok<{ id: string }>(m.socket, 'thread:translation-report', {
      threadId: m.threadId,
      messageId: message.id,
      language: 'fr',
      translationId: translation.id,
      reason,
    });
    return { chairReader: c, message, translation, report };
  }

  it('lists for each moderator only the open reports of threads they moderate, with original, translation, reason and where', async () => {
    const first = await reported(
      people.chair1,
      people.member1,
      rooms[0]!.roomId,
      'Youth councils first',
      'Missing apostrophe',
    );
    const second = await reported(people.chair2, people.member2, rooms[1]!.roomId, 'Schools first', 'Wrong word');
    const forChair1 = await list(people.chair1);
    expect(forChair1).toEqual([
      expect.objectContaining({
        id: first.report.id,
        threadId: first.chairReader.threadId,
        subject: { kind: 'room', roomId: rooms[0]!.roomId },
        titles: { subject: 'Tirana youth roundtable', context: null },
        messageId: first.message.id,
        original: 'Youth councils first',
        originalLanguage: 'en',
        language: 'fr',
        reason: 'Missing apostrophe',
        by: { id: people.member1.id, name: 'Claire Dubois' },
        translation: expect.objectContaining({ body: 'Les conseils des jeunes <b>dabord</b>', source: 'human' }),
      }),
    ]);
    expect((await list(people.chair2)).map((r) => r.id)).toEqual([second.report.id]);
    // a member moderates nothing: an empty list, not an error
    expect(await list(people.member1)).toEqual([]);
    // and cannot dismiss
    const member = await enter(people.member1, rooms[0]!.roomId);
    const refused = (await request(member.socket, 'thread:translation-dismiss', {
      threadId: member.threadId,
      reportId: first.report.id,
    })) as Ack<null>;
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('dismissing and correcting close the report, and both are in the audit log', async () => {
    const [r1] = await list(people.chair1);
    const [r2] = await list(people.chair2);
    const c1 = await enter(people.chair1, rooms[0]!.roomId);
    // another thread's report cannot be dismissed through this thread
    expect(
      await request(c1.socket, 'thread:translation-dismiss', { threadId: c1.threadId, reportId: r2!.id }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ok(c1.socket, 'thread:translation-dismiss', { threadId: c1.threadId, reportId: r1!.id })).toBeNull();
    expect(await list(people.chair1)).toEqual([]);
    const c2 = await enter(people.chair2, rooms[1]!.roomId);
    const corrected = await ok<TranslationView>(c2.socket, 'thread:translation-correct', {
      threadId: c2.threadId,
      messageId: r2!.messageId,
      language: 'fr',
      body: 'Les écoles d’abord',
    });
    expect(corrected).toMatchObject({ body: 'Les écoles d’abord', translator: { id: people.chair2.id } });
    expect(await list(people.chair2)).toEqual([]);
    const audit = await server.app.models.AuditEvent.find({
      action: { $in: ['translation.report_dismissed', 'translation.corrected'] },
    })
      .sort({ _id: 1 })
      .lean();
    expect(audit.map((a) => [a.action, String(a.actorId), String(a.targetId), a.details])).toEqual([
      [
        'translation.report_dismissed',
        people.chair1.id,
        r1!.messageId,
        { threadId: c1.threadId, language: 'fr', reason: 'Missing apostrophe' },
      ],
      [
        'translation.corrected',
        people.chair2.id,
        r2!.messageId,
        { threadId: c2.threadId, language: 'fr', reportsClosed: 1 },
      ],
    ]);
  });
});
