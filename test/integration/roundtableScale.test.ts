import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundtableView } from '../../shared/roundtables/schemas.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.js';
import { buildMembers, joinSession, scheduleRoundtable, type Participant } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';

const PARTICIPANTS = 200;
let server: TestServer;
let world: PlanWorld;
let rt: RoundtableView;
let people: Participant[] = [];

beforeAll(async () => {
  server = await startServer();
  world = await buildPlanWorld(server.app.models, server.url);
  rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, {});
  const members = await buildMembers(server.app.models, server.url, world.groupId, PARTICIPANTS, 'Mayor');
  people = [];
  // join in waves of 20, as a room fills
  for (let i = 0; i < members.length; i += 20)
    people.push(...(await Promise.all(members.slice(i, i + 20).map((m) => joinSession(server.url, m.cookie, rt.id)))));
}, 600_000);
afterAll(async () => {
  for (const p of people) p.socket.disconnect();
  await server?.close();
});

/** Messages each participant received since `marks`. */
const since = (marks: number[]) => people.map((p, i) => p.states.length - marks[i]!);

describe(`${PARTICIPANTS} Socket.IO participants in one session`, () => {
  it('a state change reaches every participant as exactly one message', async () => {
    const facilitator = await joinSession(server.url, world.cookies.chair, rt.id);
    await eventually(
      () => expect(people.every((p) => p.latest().present.length === PARTICIPANTS + 1)).toBe(true),
      60_000,
    );
    const marks = people.map((p) => p.states.length);
    await facilitator.send('roundtable:facilitate', { op: 'open' });
    await eventually(() => expect(people.every((p) => p.latest().phase === 'open')).toBe(true), 60_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing more follows
    expect(new Set(since(marks))).toEqual(new Set([1]));
    facilitator.socket.disconnect();
  }, 120_000);

  it('all 200 raising their hands at once costs each participant far fewer than 200 messages, and the queue holds each once', async () => {
    const marks = people.map((p) => p.states.length);
    await Promise.all(people.map((p) => p.send('roundtable:hand', { raised: true })));
    await eventually(() => expect(people.every((p) => p.latest().queue.length === PARTICIPANTS)).toBe(true), 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const counts = since(marks);
    // one broadcast per stored batch, identical for everyone
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeLessThanOrEqual(PARTICIPANTS / 4);
    const queue = people[0]!.latest().queue;
    expect(new Set(queue.map((q) => q.userId)).size).toBe(PARTICIPANTS);
    console.info(`200 concurrent raises: ${counts[0]} messages per participant`);
  }, 120_000);
});
