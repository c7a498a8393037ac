import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.js';
import type { MessageView } from '../../shared/schemas/threads.js';
import type {
  TranslatedEvent,
  TranslationAnswer,
  TranslationReportItem,
  TranslationView,
} from '../../shared/schemas/translations.js';
import { eventually, request } from '../helpers/clients.js';
import { startFakeLibreTranslate, type FakeLibreTranslate } from '../helpers/fakeLibreTranslate.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { signInPeople } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';
import { ok, openThread, type ThreadReader } from '../helpers/threads.js';

const API_KEY = 'lt-key-7f3a';
const TIMEOUT_MS = 1500;

describe('translations of thread messages', { timeout: 120_000 }, () => {
  let fake: FakeLibreTranslate;
  let server: TestServer;
  let chair: BuiltUser;
  let mayor: BuiltUser;
  let member: BuiltUser;
  let interpreter: BuiltUser;
  let outsider: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();
  let roomId: string;

  beforeAll(async () => {
    fake = await startFakeLibreTranslate({ apiKey: API_KEY });
    server = await startServer({
      translation: { libretranslate: { url: fake.url, apiKey: API_KEY }, timeoutMs: TIMEOUT_MS },
    });
    ({ chair, mayor, member, interpreter, outsider } = await signInPeople(
      server,
      {
        chair: 'Amina Haddad',
        mayor: { name: 'Karim Mansour', language: 'ar' },
        member: 'Claire Dubois',
        interpreter: 'Ilir Berisha',
        outsider: 'Lena Outsider',
      },
      cookies,
    ));
    ({ roomId } = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: mayor, role: 'member' },
      { user: member, role: 'member' },
      { user: interpreter, role: 'observer' },
    ]));
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });
  /** Each test starts with a working service and its own count of calls. */
  const reset = () => {
    fake.mode = 'ok';
    fake.calls.length = 0;
  };

  async function enter(user: BuiltUser): Promise<ThreadReader> {
    const reader = await openThread(server.url, cookies.get(user)!, { kind: 'room', roomId });
    defer(() => reader.socket.disconnect());
    return reader;
  }
  const translate = (r: ThreadReader, messageId: string, language: string, extra: Record<string, unknown> = {}) =>
    ok<TranslationAnswer>(r.socket, 'thread:translate', { threadId: r.threadId, messageId, language, ...extra });
  const addHuman = (r: ThreadReader, messageId: string, language: string, body: string) =>
    request(r.socket, 'thread:translation-add', { threadId: r.threadId, messageId, language, body }) as Promise<
      Ack<TranslationView>
    >;

  it('offers machine translation, translates once per language and shares it with every reader', async () => {
    reset();
    const [m, claire, chairReader] = [await enter(mayor), await enter(member), await enter(chair)];
    expect(claire.opened.thread.machineTranslation).toBe(true);
    const message = await m.post('نقترح مجالس الشباب في كل مدينة عضو', { language: 'ar' });

    const first = await translate(claire, message.id, 'fr');
    expect(first).toMatchObject({
      machine: 'ok',
      translation: {
        id: `${message.id}:fr:machine`,
        body: '‹fr› نقترح مجالس الشباب في كل مدينة عضو',
        source: 'machine',
        translator: null,
        outOfDate: false,
      },
    });
    expect(fake.calls).toEqual([expect.objectContaining({ source: 'ar', target: 'fr', apiKey: API_KEY })]);

    expect((await translate(chairReader, message.id, 'fr')).translation?.body).toBe(first.translation?.body);
    expect((await translate(claire, message.id, 'fr')).translation?.body).toBe(first.translation?.body);
    expect(fake.calls).toHaveLength(1);
    expect((await translate(chairReader, message.id, 'en')).translation?.body).toBe(
      '‹en› نقترح مجالس الشباب في كل مدينة عضو',
    );
    expect(fake.calls).toHaveLength(2);
  });

  it('makes one provider call for many readers asking at the same moment', async () => {
    reset();
    fake.mode = 'slow';
    fake.delayMs = 400;
    const m = await enter(mayor);
    const readers = await Promise.all([member, chair, interpreter, member, chair].map(enter));
    const message = await m.post('اجتماع المائدة المستديرة يوم الثلاثاء', { language: 'ar' });
    const answers = await Promise.all(readers.map((r) => translate(r, message.id, 'fr')));
    expect(new Set(answers.map((a) => a.translation?.body)).size).toBe(1);
    expect(answers[0]!.translation?.body).toMatch(/^‹fr› /);
    expect(fake.calls).toHaveLength(1);
  });

  it('keeps the network’s key terms through machine translation (the glossary)', async () => {
    reset();
    const [author, reader] = [await enter(member), await enter(chair)];
    const message = await author.post('The steering committee reviews the action plan of our advisory group.', {
      language: 'en',
    });
    const answer = await translate(reader, message.id, 'fr');
    const sent = fake.calls[0]!.q as string;
    expect(sent).not.toMatch(/steering committee|action plan|advisory group/i);
    expect(answer.translation?.body).toBe(
      '‹fr› The comité de pilotage reviews the plan d’action of our groupe consultatif régional.',
    );
  });

  it('says "unavailable" when the service fails or is slow, and the thread keeps working meanwhile', async () => {
    reset();
    const [author, reader] = [await enter(mayor), await enter(member)];
    const message = await author.post('شكرا للجميع', { language: 'ar' });
    for (const mode of ['error', 'rate_limited', 'drop'] as const) {
      fake.mode = mode;
      expect(await translate(reader, message.id, 'fr'), mode).toEqual({
        messageId: message.id,
        language: 'fr',
        translation: null,
        machine: 'unavailable',
        abilities: { addTranslation: true, reportTranslation: true, correctTranslation: false },
      });
    }

    fake.mode = 'hang';
    const started = Date.now();
    const slow = translate(reader, message.id, 'fr');
    // while the provider hangs, people keep posting and reading
    const during = await reader.post('Still here — on continue', { language: 'fr' });
    const page = await ok<{ messages: MessageView[] }>(reader.socket, 'thread:history', { threadId: reader.threadId });
    expect(page.messages[0]!.id).toBe(during.id);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
    expect(await slow).toMatchObject({ translation: null, machine: 'unavailable' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);

    fake.mode = 'ok';
    expect((await translate(reader, message.id, 'fr')).translation?.body).toBe('‹fr› شكرا للجميع');
  });

  it('prefers a human translation, names its translator and tells the thread; another person cannot overwrite it', async () => {
    reset();
    const [author, reader, ilir] = [await enter(mayor), await enter(member), await enter(interpreter)];
    const heard: TranslatedEvent[] = [];
    reader.socket.on('thread:translated', (e) => heard.push(e));
    const message = await author.post('نحتاج إلى تدريب للمنسقين', { language: 'ar' });
    expect((await translate(reader, message.id, 'fr')).translation?.source).toBe('machine');

    const added = await addHuman(ilir, message.id, 'fr', 'Nous avons besoin d’une formation pour les coordinateurs');
    expect(added).toMatchObject({
      ok: true,
      data: { source: 'human', translator: { id: interpreter.id, name: 'Ilir Berisha' }, outOfDate: false },
    });
    await eventually(() =>
      expect(heard).toEqual([{ threadId: reader.threadId, messageId: message.id, language: 'fr' }]),
    );
    expect((await translate(reader, message.id, 'fr')).translation).toMatchObject({
      body: 'Nous avons besoin d’une formation pour les coordinateurs',
      source: 'human',
      translator: { name: 'Ilir Berisha' },
    });
    expect(await addHuman(reader, message.id, 'fr', 'Une autre version')).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'translation_exists' },
    });
    // the translator may improve their own
    expect(await addHuman(ilir, message.id, 'fr', 'Il nous faut une formation des coordinateurs')).toMatchObject({
      ok: true,
    });
    expect(await addHuman(ilir, message.id, 'ar', 'نفس اللغة')).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(fake.calls).toHaveLength(1);
  });

  it('marks translations out of date when the original is edited, and refreshes on demand', async () => {
    reset();
    const [author, reader, ilir] = [await enter(mayor), await enter(member), await enter(interpreter)];
    const message = await author.post('الاجتماع يوم الاثنين', { language: 'ar' });
    await addHuman(ilir, message.id, 'fr', 'La réunion est lundi');
    await translate(reader, message.id, 'en');
    await ok(author.socket, 'thread:edit', {
      threadId: author.threadId,
      messageId: message.id,
      body: 'الاجتماع يوم الثلاثاء',
    });

    expect((await translate(reader, message.id, 'fr')).translation).toMatchObject({ source: 'human', outOfDate: true });
    expect((await translate(reader, message.id, 'en')).translation).toMatchObject({
      source: 'machine',
      outOfDate: true,
    });
    expect(fake.calls).toHaveLength(1);

    const refreshed = await translate(reader, message.id, 'fr', { refresh: true });
    expect(refreshed.translation).toMatchObject({
      source: 'machine',
      outOfDate: false,
      body: '‹fr› الاجتماع يوم الثلاثاء',
    });
    expect(fake.calls).toHaveLength(2);
    // a new human translation of the current text is preferred again
    await addHuman(reader, message.id, 'fr', 'La réunion est mardi');
    expect((await translate(reader, message.id, 'fr')).translation).toMatchObject({
      source: 'human',
      outOfDate: false,
      translator: { name: 'Claire Dubois' },
    });
  });

  it('takes reports of translation errors; moderators see them and correct the translation', async () => {
    reset();
    const [author, reader, moderator] = [await enter(mayor), await enter(member), await enter(chair)];
    const message = await author.post('نريد ميزانية للشباب', { language: 'ar' });
    const machine = (await translate(reader, message.id, 'fr')).translation!;
    const report = await ok(reader.socket, 'thread:translation-report', {
      threadId: reader.threadId,
      messageId: message.id,
      language: 'fr',
      translationId: machine.id,
      reason: '« ميزانية » veut dire budget, pas « réunion »',
    });
    expect(report).toMatchObject({ by: { id: member.id, name: 'Claire Dubois' } });
    expect(
      await request(reader.socket, 'thread:translation-report', {
        threadId: reader.threadId,
        messageId: message.id,
        language: 'fr',
        translationId: 'not-a-translation',
        reason: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // readers do not see reports; moderators do, with the translation and the original
    expect((await translate(reader, message.id, 'fr')).translation?.reports).toEqual([]);
    expect(await request(reader.socket, 'thread:translation-reports', { threadId: reader.threadId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await translate(moderator, message.id, 'fr')).translation?.reports).toEqual([
      expect.objectContaining({ reason: '« ميزانية » veut dire budget, pas « réunion »' }),
    ]);
    const reports = await ok<TranslationReportItem[]>(moderator.socket, 'thread:translation-reports', {
      threadId: moderator.threadId,
    });
    expect(reports).toEqual([
      expect.objectContaining({ messageId: message.id, language: 'fr', original: 'نريد ميزانية للشباب' }),
    ]);

    // a reader cannot correct; the moderator's correction becomes the human translation and closes the report
    expect(
      await request(reader.socket, 'thread:translation-correct', {
        threadId: reader.threadId,
        messageId: message.id,
        language: 'fr',
        body: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const corrected = await ok<TranslationView>(moderator.socket, 'thread:translation-correct', {
      threadId: moderator.threadId,
      messageId: message.id,
      language: 'fr',
      body: 'Nous voulons un budget pour les jeunes',
    });
    expect(corrected).toMatchObject({ source: 'human', translator: { name: 'Amina Haddad' }, reports: [] });
    expect(await ok(moderator.socket, 'thread:translation-reports', { threadId: moderator.threadId })).toEqual([]);
    expect((await translate(reader, message.id, 'fr')).translation).toMatchObject({
      body: 'Nous voulons un budget pour les jeunes',
      translator: { name: 'Amina Haddad' },
    });
  });

  it('answers nothing about threads or messages a person may not read', async () => {
    reset();
    const author = await enter(mayor);
    const message = await author.post('رسالة خاصة بالمجموعة', { language: 'ar' });
    const { connectSocket } = await import('../helpers/clients.js');
    const socket = await connectSocket(server.url, cookies.get(outsider));
    defer(() => socket.disconnect());
    for (const event of ['thread:translate', 'thread:translation-add'] as const) {
      expect(
        await request(socket, event, { threadId: author.threadId, messageId: message.id, language: 'fr', body: 'x' }),
      ).toEqual({ ok: false, error: { code: 'not_found', message: 'Thread not found.' } });
    }
    // a message hidden by a moderator is not translated for readers who may not see it
    const chairReader = await enter(chair);
    await ok(chairReader.socket, 'thread:hide', {
      threadId: author.threadId,
      messageId: message.id,
      hidden: true,
      reason: 'Off topic',
    });
    const reader = await enter(member);
    expect(
      await request(reader.socket, 'thread:translate', {
        threadId: reader.threadId,
        messageId: message.id,
        language: 'fr',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(fake.calls).toHaveLength(0);
  });

  it('gives messages from before languages were recorded their author’s language', async () => {
    const author = await enter(mayor);
    const message = await author.post('رسالة قديمة', { language: 'ar' });
    await server.app.models.Message.updateOne({ _id: new Types.ObjectId(message.id) }, { $set: { language: '' } });
    const other = await author.post('Another old one', { language: 'en' });
    await server.app.models.Message.updateOne({ _id: new Types.ObjectId(other.id) }, { $unset: { language: 1 } });
    server = await server.restart();
    const rows = await server.app.models.Message.find({ _id: { $in: [message.id, other.id] } }).lean();
    expect(rows.map((r) => r.language)).toEqual(['ar', 'ar']);
  });
});

describe('without a translation service', { timeout: 120_000 }, () => {
  let server: TestServer;
  const cookies = new Map<BuiltUser, string>();
  afterAll(() => server?.close());

  it('offers no machine translation, and human translations still work', async () => {
    server = await startServer();
    const { a, b } = await signInPeople(
      server,
      { a: { name: 'Karim Mansour', language: 'ar' }, b: 'Claire Dubois' },
      cookies,
    );
    const { roomId } = await buildRoom(server.app.models, [
      { user: a, role: 'member' },
      { user: b, role: 'member' },
    ]);
    const author = await openThread(server.url, cookies.get(a)!, { kind: 'room', roomId });
    const reader = await openThread(server.url, cookies.get(b)!, { kind: 'room', roomId });
    expect(reader.opened.thread.machineTranslation).toBe(false);
    expect(reader.opened.thread.abilities).toMatchObject({
      translate: true,
      addTranslation: true,
      correctTranslation: false,
    });
    const message = await author.post('مرحبا بالجميع', { language: 'ar' });
    const args = { threadId: reader.threadId, messageId: message.id, language: 'fr' };
    expect(await ok(reader.socket, 'thread:translate', args)).toMatchObject({
      messageId: message.id,
      language: 'fr',
      translation: null,
      machine: 'off',
    });
    await ok(author.socket, 'thread:translation-add', { ...args, body: 'Bienvenue à tous' });
    expect(await ok(reader.socket, 'thread:translate', args)).toMatchObject({
      translation: { body: 'Bienvenue à tous', translator: { name: 'Karim Mansour' } },
      machine: 'off',
    });
    author.socket.disconnect();
    reader.socket.disconnect();
  });
});
