import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlan } from '../../shared/plans/doc.js';
import type { MinutesView, RoundtableView } from '../../shared/roundtables/schemas.js';
import { api } from '../helpers/api.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, openPlan, startPlan, type PlanWorld } from '../helpers/plans.js';
import { joinSession, scheduleRoundtable, type Participant } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: PlanWorld;
let rt: RoundtableView;
let planDocument: string;
const sockets: Participant[] = [];
const join = async (cookie: string) => {
  const p = await joinSession(server.url, cookie, rt.id);
  sockets.push(p);
  return p;
};
const minutes = async (cookie: string) =>
  (await api<{ minutes: MinutesView }>(server.url, 'GET', `/api/roundtables/${rt.id}/minutes?session=0`, { cookie }))
    .body.minutes;

beforeAll(async () => {
  server = await startServer();
  world = await buildPlanWorld(server.app.models, server.url);
  await server.app.models.User.updateOne({ _id: world.member.id }, { cityId: world.cityId });
  await server.app.models.User.updateOne({ _id: world.member2.id }, { cityId: world.cityId });
  const plan = await startPlan(server.url, world.cookies.chair, world.groupId);
  planDocument = plan.documentName;
  rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { planId: plan.id });
}, 180_000);
afterAll(async () => {
  for (const p of sockets) p.socket.disconnect();
  await server?.close();
});

describe('minutes', () => {
  it('on close: attendance by city and role with counts, agenda, decisions and poll results, for participants to read and export', async () => {
    const facilitator = await join(world.cookies.chair);
    await facilitator.send('roundtable:facilitate', { op: 'open' });
    const a = await join(world.cookies.member);
    const b = await join(world.cookies.member2);
    await join(world.cookies.observer);
    b.socket.disconnect();
    await join(world.cookies.member2); // back after a dropped connection: one person, two visits
    const { pollId } = await facilitator.send<{ pollId: string }>('roundtable:poll', {
      op: 'create',
      kind: 'single',
      question: 'Meet again in June?',
      options: ['Yes', 'No'],
    });
    await a.send('roundtable:vote', { pollId, choices: ['o1'] });
    await facilitator.send('roundtable:facilitate', { op: 'decision', text: 'Open a helpdesk for <cities> & towns' });
    await facilitator.send('roundtable:facilitate', { op: 'close' });
    await eventually(() => expect(a.latest().phase).toBe('closed'));

    const m = await minutes(world.cookies.member2);
    expect(m.phase).toBe('closed');
    expect(m.attendance.map((p) => p.name).sort()).toEqual(
      [world.chair.name, world.member.name, world.member2.name, world.observer.name].sort(),
    );
    expect(m.attendance.find((p) => p.userId === world.member2.id)!.visits).toBe(2);
    expect(m.byCity).toEqual([
      { city: 'Куманово', count: 2 },
      { city: '', count: 2 },
    ]);
    expect(m.byRole).toEqual([
      { role: 'member', count: 2 },
      { role: 'chair', count: 1 },
      { role: 'observer', count: 1 },
    ]);
    expect(m.polls).toEqual([
      {
        question: 'Meet again in June?',
        kind: 'single',
        voters: 1,
        results: [
          { label: 'Yes', count: 1 },
          { label: 'No', count: 0 },
        ],
      },
    ]);
    expect(m.decisions.map((d) => d.text)).toEqual(['Open a helpdesk for <cities> & towns']);
    expect(m.abilities.facilitate).toBe(false);
    expect(
      (await api(server.url, 'GET', `/api/roundtables/${rt.id}/minutes`, { cookie: world.cookies.outsider })).status,
    ).toBe(404);

    const md = await fetch(`${server.url}/api/roundtables/${rt.id}/minutes.md?session=0&lang=ar`, {
      headers: { cookie: world.cookies.observer },
    });
    const text = await md.text();
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(text).toContain('محضر الجلسة');
    expect(text).toContain('Open a helpdesk for \\<cities\\> \\& towns');
    expect(text).toContain(`/rooms/${m.roomId}`);
  });

  it('a decision becomes a priority of the linked plan in one action, once however often it is asked', async () => {
    const { decisions } = await minutes(world.cookies.chair);
    const decisionId = decisions[0]!.id;
    const holder = await openPlan(server.url, planDocument, world.cookies.observer);
    const ask = (cookie: string) =>
      api<{ priorityId: string }>(server.url, 'POST', `/api/roundtables/${rt.id}/decisions/priority`, {
        cookie,
        body: { session: 0, decisionId, kind: 'policy_outputs' },
      });
    expect((await ask(world.cookies.member2)).status).toBe(403);
    const [first, second] = await Promise.all([ask(world.cookies.chair), ask(world.cookies.chair)]);
    expect(first.status).toBe(200);
    expect(second.body.priorityId).toBe(first.body.priorityId);
    await eventually(() =>
      expect(readPlan(holder.doc).priorities).toEqual([
        expect.objectContaining({
          id: first.body.priorityId,
          title: 'Open a helpdesk for <cities> & towns',
          kind: 'policy_outputs',
        }),
      ]),
    );
    expect((await minutes(world.cookies.chair)).decisions[0]!.priorityId).toBe(first.body.priorityId);
    holder.provider.destroy();
  });
});

describe('attendance by language session', () => {
  it('records the language of the session joined, not the interface language, and the minutes count each session', async () => {
    const multi = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { languages: ['en', 'sq'] });
    // she reads the interface in French but joins the Albanian session
    await server.app.models.User.updateOne({ _id: world.member2.id }, { language: 'fr' });
    const inAlbanian = await joinSession(server.url, world.cookies.member2, multi.id, 1);
    const member = await joinSession(server.url, world.cookies.member, multi.id, 1);
    const memberInEnglish = await joinSession(server.url, world.cookies.member, multi.id, 0);
    sockets.push(inAlbanian, member, memberInEnglish);
    // presence shows the language she reads; attendance what the session was held in
    await eventually(() =>
      expect(inAlbanian.latest().present.find((p) => p.userId === world.member2.id)?.language).toBe('fr'),
    );
    const stored = await server.app.models.LiveSession.findOne({ key: `${multi.id}:1` }).lean();
    const state = JSON.parse(stored!.state) as { attendance: { userId: string; language: string }[] };
    expect(state.attendance.map((a) => a.language)).toEqual(['sq', 'sq']);

    const m = (
      await api<{ minutes: MinutesView }>(server.url, 'GET', `/api/roundtables/${multi.id}/minutes?session=1`, {
        cookie: world.cookies.member2,
      })
    ).body.minutes;
    expect(m.attendance.map((a) => [a.name, a.language]).sort()).toEqual(
      [
        [world.member.name, 'sq'],
        [world.member2.name, 'sq'],
      ].sort(),
    );
    expect(m.byLanguage).toEqual([
      { session: 0, language: 'en', count: 1 },
      { session: 1, language: 'sq', count: 2 },
    ]);
    const md = await fetch(`${server.url}/api/roundtables/${multi.id}/minutes.md?session=1&lang=en`, {
      headers: { cookie: world.cookies.member2 },
    });
    expect(await md.text()).toContain('### By language session\n\n- English: 1\n- Albanian: 2');
    // a roundtable of one session has nothing to group
    const single = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { languages: ['mk'] });
    const one = await api<{ minutes: MinutesView }>(server.url, 'GET', `/api/roundtables/${single.id}/minutes`, {
      cookie: world.cookies.member2,
    });
    expect(one.body.minutes.byLanguage).toEqual([]);
  });
});
