import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPriority, readPlan } from '../../shared/plans/doc.js';
import { planVotes, readVotes, votesFor } from '../../shared/plans/votes.js';
import type { PollView, RoundtableView } from '../../shared/roundtables/schemas.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, openPlan, startPlan, type PlanWorld } from '../helpers/plans.js';
import { joinSession, scheduleRoundtable, type Participant } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: PlanWorld;
let rt: RoundtableView;
let planDocument: string;
const priorities: Record<string, string> = {};
const sockets: Participant[] = [];
const join = async (cookie: string) => {
  const p = await joinSession(server.url, cookie, rt.id);
  sockets.push(p);
  return p;
};
const poll = (p: Participant, id: string): PollView => p.latest().polls.find((x) => x.id === id)!;

beforeAll(async () => {
  server = await startServer();
  world = await buildPlanWorld(server.app.models, server.url);
  const plan = await startPlan(server.url, world.cookies.chair, world.groupId);
  planDocument = plan.documentName;
  const editor = await openPlan(server.url, planDocument, world.cookies.chair);
  for (const title of ['Youth councils in every municipality', 'Training for teachers', 'Online hate reporting'])
    priorities[title] = addPriority(editor.doc, { kind: 'advocacy', title });
  await eventually(async () => {
    const check = await openPlan(server.url, planDocument, world.cookies.member);
    try {
      expect(readPlan(check.doc).priorities).toHaveLength(3);
    } finally {
      check.provider.destroy();
    }
  });
  editor.provider.destroy();
  rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { planId: plan.id });
}, 180_000);
afterAll(async () => {
  for (const p of sockets) p.socket.disconnect();
  await server?.close();
});

describe('polls', () => {
  it('hides results until revealed, counts one ballot per person however often it is sent, and keeps the result once closed', async () => {
    const facilitator = await join(world.cookies.chair);
    const a = await join(world.cookies.member);
    const b = await join(world.cookies.member2);
    expect(
      await a.refused('roundtable:poll', { op: 'create', kind: 'single', question: 'Q?', options: ['x', 'y'] }),
    ).toBe('forbidden');
    const { pollId } = await facilitator.send<{ pollId: string }>('roundtable:poll', {
      op: 'create',
      kind: 'single',
      question: 'Hold the next roundtable in Tirana?',
      options: ['Yes', 'No'],
    });
    await a.send('roundtable:vote', { pollId, choices: ['o1'] });
    await a.send('roundtable:vote', { pollId, choices: ['o1'] }); // sent twice
    await Promise.all([
      b.send('roundtable:vote', { pollId, choices: ['o2'] }),
      b.send('roundtable:vote', { pollId, choices: ['o2'] }),
    ]);
    expect(await b.refused('roundtable:vote', { pollId, choices: ['o1', 'o2'] })).toBe('bad_request');
    expect(await b.refused('roundtable:vote', { pollId, choices: ['o9'] })).toBe('bad_request');
    await eventually(() => expect(poll(a, pollId)).toMatchObject({ voters: 2, results: null }));
    await facilitator.send('roundtable:poll', { op: 'reveal', pollId, show: true });
    await eventually(() => expect(poll(b, pollId).results).toEqual({ o1: 1, o2: 1 }));
    // a changed mind replaces the earlier ballot
    await b.send('roundtable:vote', { pollId, choices: ['o1'] });
    await eventually(() => expect(poll(a, pollId).results).toEqual({ o1: 2, o2: 0 }));
    await facilitator.send('roundtable:poll', { op: 'close', pollId });
    await eventually(() =>
      expect(poll(a, pollId)).toMatchObject({ status: 'closed', voters: 2, results: { o1: 2, o2: 0 } }),
    );
    expect(await a.refused('roundtable:vote', { pollId, choices: ['o2'] })).toBe('conflict');
  });

  it('a multiple-choice poll counts each chosen option once per person', async () => {
    const facilitator = await join(world.cookies.hubStaff);
    const a = await join(world.cookies.member);
    const { pollId } = await facilitator.send<{ pollId: string }>('roundtable:poll', {
      op: 'create',
      kind: 'multiple',
      question: 'Which topics next?',
      options: ['Schools', 'Online hate', 'Sport'],
    });
    await a.send('roundtable:vote', { pollId, choices: ['o1', 'o2', 'o2'] });
    await facilitator.send('roundtable:poll', { op: 'close', pollId });
    await eventually(() => expect(poll(a, pollId).results).toEqual({ o1: 1, o2: 1, o3: 0 }));
  });
});

describe('dot votes over the plan', () => {
  it("spreads N dots over the plan's priorities and writes the result onto the plan, where stock y-websocket clients see it", async () => {
    const holder = await openPlan(server.url, planDocument, world.cookies.observer);
    const facilitator = await join(world.cookies.chair);
    const a = await join(world.cookies.member);
    const b = await join(world.cookies.member2);
    const { pollId } = await facilitator.send<{ pollId: string }>('roundtable:poll', {
      op: 'create-dots',
      question: 'Where should we put our effort?',
      dots: 3,
    });
    await eventually(() => expect(poll(a, pollId)?.options.map((o) => o.label)).toEqual(Object.keys(priorities)));
    const youth = priorities['Youth councils in every municipality']!;
    const teachers = priorities['Training for teachers']!;
    expect(await a.refused('roundtable:vote', { pollId, dots: { [youth]: 4 } })).toBe('bad_request');
    expect(await a.refused('roundtable:vote', { pollId, dots: { 'not-a-priority': 1 } })).toBe('bad_request');
    await a.send('roundtable:vote', { pollId, dots: { [youth]: 2, [teachers]: 1 } });
    await a.send('roundtable:vote', { pollId, dots: { [youth]: 2, [teachers]: 1 } });
    await b.send('roundtable:vote', { pollId, dots: { [youth]: 3 } });
    await facilitator.send('roundtable:poll', { op: 'close', pollId });
    await eventually(() => expect(poll(a, pollId).results).toMatchObject({ [youth]: 5, [teachers]: 1 }));

    // the observer's stock client holding the plan receives the result
    await eventually(() => expect(readVotes(holder.doc)).toHaveLength(1));
    const [result] = readVotes(holder.doc);
    expect(result).toMatchObject({ roundtableId: rt.id, voters: 2, dots: { [youth]: 5, [teachers]: 1 } });
    expect(votesFor(readVotes(holder.doc), youth)).toEqual([
      { roundtable: rt.title, question: 'Where should we put our effort?', at: result!.at, dots: 5 },
    ]);
    holder.provider.destroy();
  });

  it('refuses an editor who tries to change a vote result on the plan', async () => {
    const editor = await openPlan(server.url, planDocument, world.cookies.member);
    try {
      await eventually(() => expect(readVotes(editor.doc)).toHaveLength(1));
      const reasons: (string | undefined)[] = [];
      editor.provider.on('connection-close', (event) => reasons.push(event?.reason));
      const [entry] = readVotes(editor.doc);
      const { key, ...forged } = entry!;
      planVotes(editor.doc).set(key, { ...forged, voters: 99 });
      await eventually(() => expect(reasons[0]).toBe('refused: vote results are written by the server'));
    } finally {
      editor.provider.destroy();
    }
    const check = await openPlan(server.url, planDocument, world.cookies.chair);
    expect(readVotes(check.doc)[0]!.voters).toBe(2);
    check.provider.destroy();
  });
});
