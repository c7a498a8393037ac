import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionTranslation, RoundtableView } from '../../shared/roundtables/schemas.js';
import { eventually } from '../helpers/clients.js';
import { fakeTranslation, startFakeLibreTranslate, type FakeLibreTranslate } from '../helpers/fakeLibreTranslate.js';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.js';
import { joinSession, scheduleRoundtable, type Participant } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';

const TIMEOUT_MS = 1500;
let fake: FakeLibreTranslate;
let server: TestServer;
let world: PlanWorld;
let rt: RoundtableView;
const sockets: Participant[] = [];
const join = async (cookie: string) => {
  const p = await joinSession(server.url, cookie, rt.id);
  sockets.push(p);
  return p;
};
const translate = (p: Participant, questionId: string, language: string) =>
  p.send<QuestionTranslation>('roundtable:translate-question', { questionId, language });

beforeAll(async () => {
  fake = await startFakeLibreTranslate();
  server = await startServer({
    translation: { libretranslate: { url: fake.url, apiKey: undefined }, timeoutMs: TIMEOUT_MS },
  });
  world = await buildPlanWorld(server.app.models, server.url);
  rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { languages: ['en'] });
}, 180_000);
afterAll(async () => {
  for (const p of sockets) p.socket.disconnect();
  await server?.close();
  await fake?.close();
});

describe('questions shown translated (the threads’ translation service)', () => {
  it('a question records its language; a reader of another language gets it translated, once per language', async () => {
    const mayor = await join(world.cookies.member);
    const chair = await join(world.cookies.chair);
    const observer = await join(world.cookies.observer);
    const arabic = 'هل يمول المركز منحًا صغيرة للبلديات هذا العام؟';
    const { questionId } = await mayor.send<{ questionId: string }>('roundtable:ask', { text: arabic, language: 'ar' });
    await eventually(() =>
      expect(chair.latest().questions).toEqual([
        expect.objectContaining({ id: questionId, text: arabic, language: 'ar' }),
      ]),
    );

    // two readers at once: one call to the provider, from the question's language
    const before = fake.calls.length;
    const [a, b] = await Promise.all([translate(chair, questionId, 'en'), translate(observer, questionId, 'en')]);
    expect(a).toEqual({ text: fakeTranslation(arabic, 'en'), language: 'en', machine: 'ok' });
    expect(b).toEqual(a);
    expect(fake.calls.slice(before)).toEqual([expect.objectContaining({ q: arabic, source: 'ar', target: 'en' })]);
    // asked again later: kept, no new call
    expect(await translate(observer, questionId, 'en')).toEqual(a);
    expect(fake.calls.length).toBe(before + 1);
    // into French: another call; into its own language: the original, no call
    expect((await translate(chair, questionId, 'fr')).text).toBe(fakeTranslation(arabic, 'fr'));
    expect(await translate(mayor, questionId, 'ar')).toEqual({ text: arabic, language: 'ar', machine: 'ok' });
    expect(fake.calls.length).toBe(before + 2);
  });

  it('a question sent without a language is taken to be in the session’s language', async () => {
    const member = await join(world.cookies.member2);
    const { questionId } = await member.send<{ questionId: string }>('roundtable:ask', {
      text: 'Who pays for travel?',
    });
    await eventually(() => expect(member.latest().questions.find((q) => q.id === questionId)?.language).toBe('en'));
    const answer = await translate(member, questionId, 'mk');
    expect(answer.text).toBe(fakeTranslation('Who pays for travel?', 'mk'));
    expect(fake.calls.at(-1)).toMatchObject({ source: 'en', target: 'mk' });
  });

  it('a provider that is down or too slow makes the translation unavailable, never the session', async () => {
    const member = await join(world.cookies.member);
    const chair = await join(world.cookies.chair);
    const { questionId } = await member.send<{ questionId: string }>('roundtable:ask', {
      text: 'Peut-on inviter des maires de la région ?',
      language: 'fr',
    });
    fake.mode = 'hang';
    try {
      const started = Date.now();
      const pending = translate(chair, questionId, 'en');
      // meanwhile the session goes on
      await chair.send('roundtable:hand', { raised: true });
      expect(await pending).toEqual({ text: null, language: 'en', machine: 'unavailable' });
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 5000);
      fake.mode = 'error';
      expect((await translate(chair, questionId, 'en')).machine).toBe('unavailable');
    } finally {
      fake.mode = 'ok';
    }
    // and once it is back, the translation is made
    expect((await translate(chair, questionId, 'en')).text).toBe(
      fakeTranslation('Peut-on inviter des maires de la région ?', 'en'),
    );
  });

  it('a hidden question is not translated; a bad language tag is refused', async () => {
    const member = await join(world.cookies.member);
    const chair = await join(world.cookies.chair);
    const { questionId } = await member.send<{ questionId: string }>('roundtable:ask', {
      text: 'Off topic',
      language: 'en',
    });
    await chair.send('roundtable:question', { questionId, status: 'hidden' });
    expect(await chair.refused('roundtable:translate-question', { questionId, language: 'fr' })).toBe('bad_request');
    expect(await chair.refused('roundtable:translate-question', { questionId, language: '<script>' })).toBe(
      'bad_request',
    );
    expect(await member.refused('roundtable:ask', { text: 'Hello', language: 'x'.repeat(40) })).toBe('bad_request');
  });
});
