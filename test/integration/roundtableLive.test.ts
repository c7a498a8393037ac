import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundtableView } from '../../shared/roundtables/schemas.js';
import { api } from '../helpers/api.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.js';
import { buildMembers, joinSession, scheduleRoundtable, type Participant } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: PlanWorld;
let rt: RoundtableView;
const sockets: Participant[] = [];
const join = async (cookie: string, id = rt.id) => {
  const p = await joinSession(server.url, cookie, id);
  sockets.push(p);
  return p;
};

beforeAll(async () => {
  server = await startServer();
  world = await buildPlanWorld(server.app.models, server.url);
  rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { facilitators: [world.member.id] });
}, 180_000);
afterAll(async () => {
  for (const p of sockets) p.socket.disconnect();
  await server?.close();
});

describe('lobby, opening and the speaking queue', () => {
  it('waits in the lobby until a facilitator opens; only facilitators open, call, reorder and set limits', async () => {
    const participant = await join(world.cookies.member2);
    expect(participant.joined.phase).toBe('lobby');
    expect(await participant.refused('roundtable:facilitate', { op: 'open' })).toBe('forbidden');
    expect(await participant.refused('roundtable:facilitate', { op: 'next' })).toBe('forbidden');
    expect(await participant.refused('roundtable:facilitate', { op: 'limit', seconds: 60 })).toBe('forbidden');
    // the named facilitator is a plain member of the group: the roundtable gives them the role
    const facilitator = await join(world.cookies.member);
    await facilitator.send('roundtable:facilitate', { op: 'open' });
    await eventually(() => expect(participant.latest().phase).toBe('open'));
    expect(participant.latest().agenda).toMatchObject({ index: 0 });
    expect(
      participant
        .latest()
        .present.map((p) => p.role)
        .sort(),
    ).toEqual(['facilitator', 'member']);
    // each person present with their role, city and language
    await server.app.models.User.updateOne({ _id: world.member2.id }, { cityId: world.cityId, language: 'sq' });
    await participant.send('roundtable:join', {});
    await eventually(() =>
      expect(participant.latest().present.find((p) => p.userId === world.member2.id)).toEqual({
        userId: world.member2.id,
        name: world.member2.name,
        role: 'member',
        city: 'Куманово',
        language: 'sq',
      }),
    );
  });

  it('hands are queued in the order raised, even when many go up at once; the facilitator calls next with a countdown', async () => {
    const people = await buildMembers(server.app.models, server.url, world.groupId, 25);
    const joined = await Promise.all(people.map((p) => join(p.cookie)));
    const facilitator = await join(world.cookies.chair);
    // the first three one after another, then everyone else at once
    for (const p of joined.slice(0, 3)) await p.send('roundtable:hand', { raised: true });
    await Promise.all(joined.slice(3).map((p) => p.send('roundtable:hand', { raised: true })));
    // a second raise by the same person changes nothing
    await joined[0]!.send('roundtable:hand', { raised: true });
    await eventually(() => expect(facilitator.latest().queue).toHaveLength(25));
    const queue = facilitator.latest().queue;
    expect(queue.slice(0, 3).map((q) => q.name)).toEqual(['Participant 1', 'Participant 2', 'Participant 3']);
    expect(new Set(queue.map((q) => q.userId)).size).toBe(25);
    const times = queue.map((q) => Date.parse(q.raisedAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    await facilitator.send('roundtable:facilitate', { op: 'limit', seconds: 90 });
    await facilitator.send('roundtable:facilitate', { op: 'next' });
    await eventually(() => expect(joined[5]!.latest().speaker?.name).toBe('Participant 1'));
    const state = joined[5]!.latest();
    expect(Date.parse(state.speaker!.deadline!) - Date.parse(state.speaker!.since)).toBe(90_000);
    // the countdown is computed against the server's clock it sent
    expect(Math.abs(Date.parse(state.serverNow) - Date.now())).toBeLessThan(60_000);
    expect(state.queue[0]!.name).toBe('Participant 2');

    // reorder: Participant 4 first; the rest keep their order
    await facilitator.send('roundtable:facilitate', { op: 'reorder', order: [people[3]!.id] });
    await eventually(() =>
      expect(
        facilitator
          .latest()
          .queue.slice(0, 2)
          .map((q) => q.name),
      ).toEqual(['Participant 4', 'Participant 2']),
    );
    await joined[1]!.send('roundtable:hand', { raised: false });
    await eventually(() => expect(facilitator.latest().queue.map((q) => q.name)).not.toContain('Participant 2'));
    expect(await joined[1]!.refused('roundtable:facilitate', { op: 'reorder', order: [] })).toBe('forbidden');
  }, 120_000);

  it('the agenda moves on and tells everyone when the item started', async () => {
    const facilitator = await join(world.cookies.member);
    await facilitator.send('roundtable:facilitate', { op: 'agenda', index: 1 });
    await eventually(() => expect(facilitator.latest().agenda.index).toBe(1));
    expect(facilitator.latest().agenda.startedAt).not.toBeNull();
    expect(await facilitator.refused('roundtable:facilitate', { op: 'agenda', index: 7 })).toBe('bad_request');
  });
});

describe('attendance and restarts', () => {
  it('records who was there from when to when, across reconnects, and survives a server restart with queue, speaker, agenda and polls', async () => {
    const other = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, {});
    const facilitator = await join(world.cookies.chair, other.id);
    await facilitator.send('roundtable:facilitate', { op: 'open' });
    const a = await join(world.cookies.member2, other.id);
    await a.send('roundtable:hand', { raised: true });
    a.socket.disconnect();
    await eventually(async () => {
      const record = await server.app.models.LiveSession.findOne({ key: `${other.id}:0` }).lean();
      const state = JSON.parse(record!.state) as { attendance: { userId: string; to: string | null }[] };
      expect(state.attendance.filter((x) => x.userId === world.member2.id).every((x) => x.to !== null)).toBe(true);
    });
    await join(world.cookies.member2, other.id);
    const b = await join(world.cookies.member, other.id);
    await b.send('roundtable:hand', { raised: true });
    await facilitator.send('roundtable:facilitate', { op: 'agenda', index: 1 });
    const { pollId } = await facilitator.send<{ pollId: string }>('roundtable:poll', {
      op: 'create',
      kind: 'single',
      question: 'Meet again in June?',
      options: ['Yes', 'No'],
    });
    await b.send('roundtable:vote', { pollId, choices: ['o1'] });
    const before = facilitator.latest();

    for (const p of sockets) p.socket.disconnect();
    sockets.length = 0;
    server = await server.restart();

    const back = await join(world.cookies.chair, other.id);
    expect(back.joined.phase).toBe('open');
    expect(back.joined.queue.map((q) => q.userId)).toEqual(before.queue.map((q) => q.userId));
    expect(back.joined.queue.map((q) => q.userId)).toEqual([world.member2.id, world.member.id]);
    expect(back.joined.agenda).toEqual(before.agenda);
    expect(back.joined.polls[0]).toMatchObject({ id: pollId, voters: 1, status: 'open' });
    // the facilitator carries on where they were
    await back.send('roundtable:facilitate', { op: 'next' });
    await eventually(() => expect(back.latest().speaker?.userId).toBe(world.member2.id));
    const record = await server.app.models.LiveSession.findOne({ key: `${other.id}:0` }).lean();
    const state = JSON.parse(record!.state) as { attendance: { userId: string; from: string; to: string | null }[] };
    const member2 = state.attendance.filter((x) => x.userId === world.member2.id);
    // two visits before the restart (the second closed by it)
    expect(member2).toHaveLength(2);
    expect(member2.every((x) => x.to !== null && x.to >= x.from)).toBe(true);
  }, 120_000);
});

describe('access changes', () => {
  it('a member removed from the group leaves the live session at once and may not join again', async () => {
    const [person] = await buildMembers(server.app.models, server.url, world.groupId, 1, 'Leaving');
    const p = await join(person!.cookie);
    const facilitator = await join(world.cookies.chair);
    const told = new Promise((resolve) => p.socket.once('roundtable:access-changed', resolve));
    const removed = await api(server.url, 'DELETE', `/api/groups/${world.groupId}/members/${person!.id}`, {
      cookie: world.cookies.hubStaff,
    });
    expect(removed.status).toBe(204);
    expect(await told).toEqual({ roundtableId: rt.id, session: 0 });
    const heard = p.states.length;
    await facilitator.send('roundtable:facilitate', { op: 'limit', seconds: 45 });
    await eventually(() => expect(facilitator.latest().speakerLimit).toBe(45));
    await eventually(() => expect(facilitator.latest().present.map((x) => x.userId)).not.toContain(person!.id));
    expect(p.states.length).toBe(heard);
    expect(await p.refused('roundtable:join', {})).toBe('not_found');
  });
});
