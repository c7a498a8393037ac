import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinutesView, RoundtableView } from '../../shared/roundtables/schemas.js';
import { api } from '../helpers/api.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.js';
import { joinSession, scheduleRoundtable, type Participant } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: PlanWorld;
let rt: RoundtableView;
const sockets: Participant[] = [];
const join = async (cookie: string) => {
  const p = await joinSession(server.url, cookie, rt.id);
  sockets.push(p);
  return p;
};

beforeAll(async () => {
  server = await startServer();
  world = await buildPlanWorld(server.app.models, server.url);
  rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, {});
}, 180_000);
afterAll(async () => {
  for (const p of sockets) p.socket.disconnect();
  await server?.close();
});

describe('questions', () => {
  it('participants ask and upvote (once each); the most upvoted come first; the facilitator answers or hides', async () => {
    const facilitator = await join(world.cookies.chair);
    const a = await join(world.cookies.member);
    const b = await join(world.cookies.member2);
    const c = await join(world.cookies.observer);
    const first = await a.send<{ questionId: string }>('roundtable:ask', { text: 'Can the hub fund small grants?' });
    const second = await b.send<{ questionId: string }>('roundtable:ask', { text: '<img src=x onerror=alert(1)>' });
    expect(await a.refused('roundtable:ask', { text: '   ' })).toBe('bad_request');
    for (const p of [a, c, c]) await p.send('roundtable:upvote', { questionId: second.questionId });
    await Promise.all([b.send('roundtable:upvote', { questionId: first.questionId })]);
    await eventually(() =>
      expect(c.latest().questions.map((q) => [q.text, q.votes])).toEqual([
        ['<img src=x onerror=alert(1)>', 2],
        ['Can the hub fund small grants?', 1],
      ]),
    );
    expect(await a.refused('roundtable:question', { questionId: second.questionId, status: 'hidden' })).toBe(
      'forbidden',
    );
    await facilitator.send('roundtable:question', { questionId: first.questionId, status: 'answered' });
    await facilitator.send('roundtable:question', { questionId: second.questionId, status: 'hidden' });
    await eventually(() =>
      expect(a.latest().questions).toEqual([
        expect.objectContaining({
          id: first.questionId,
          status: 'answered',
          author: { id: world.member.id, name: world.member.name },
        }),
      ]),
    );
    expect(await c.refused('roundtable:upvote', { questionId: second.questionId })).toBe('bad_request');
    // without a translation service configured, a translation is "off", not an error
    expect(await c.send('roundtable:translate-question', { questionId: first.questionId, language: 'ar' })).toEqual({
      text: null,
      language: 'ar',
      machine: 'off',
    });

    await facilitator.send('roundtable:facilitate', { op: 'close' });
    const minutes = await api<{ minutes: MinutesView }>(server.url, 'GET', `/api/roundtables/${rt.id}/minutes`, {
      cookie: world.cookies.member2,
    });
    expect(minutes.body.minutes.questions.map((q) => q.text)).toEqual(['Can the hub fund small grants?']);
    expect(await a.refused('roundtable:ask', { text: 'Too late?' })).toBe('conflict');
  });
});

describe('upvotes remembered', () => {
  it('each reader learns on joining which questions they upvoted; nobody else learns it', async () => {
    const fresh = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, {});
    const joinFresh = async (cookie: string) => {
      const p = await joinSession(server.url, cookie, fresh.id);
      sockets.push(p);
      return p;
    };
    const a = await joinFresh(world.cookies.member);
    const b = await joinFresh(world.cookies.member2);
    expect(a.joined.upvoted).toEqual([]);
    const first = await a.send<{ questionId: string }>('roundtable:ask', { text: 'Who funds the helpline?' });
    const second = await a.send<{ questionId: string }>('roundtable:ask', { text: 'Which cities join first?' });
    await b.send('roundtable:upvote', { questionId: second.questionId });
    await a.send('roundtable:upvote', { questionId: first.questionId });
    await eventually(() => expect(b.latest().questions.map((q) => q.votes)).toEqual([1, 1]));
    // the broadcast says how many, never who
    expect([...a.states, ...b.states].some((s) => 'upvoted' in s)).toBe(false);

    // after a reload (a new connection), each is told their own
    b.socket.disconnect();
    const bAgain = await joinFresh(world.cookies.member2);
    expect(bAgain.joined.upvoted).toEqual([second.questionId]);
    const aAgain = await joinFresh(world.cookies.member);
    expect(aAgain.joined.upvoted).toEqual([first.questionId]);
    const observer = await joinFresh(world.cookies.observer);
    expect(observer.joined.upvoted).toEqual([]);
  });
});
