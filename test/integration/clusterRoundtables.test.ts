import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundtableView } from '../../shared/roundtables/schemas.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.js';
import { buildMembers, joinSession, scheduleRoundtable, type Participant } from '../helpers/roundtables.js';
import type { TestServer } from '../helpers/server.js';
import { startTwoNodes, type TwoNodes } from '../helpers/twoNodes.js';

/**
 * A live roundtable whose participants are spread over two nodes (REDIS_URL): each
 * node keeps a copy of the session's state, stores it by compare-and-set, and hears
 * the other's changes on the bus, so no change made on one node is lost to the
 * other's next one, and each socket hears each change once.
 */
describe('a live roundtable on two nodes', () => {
  let nodeA: TestServer;
  let nodeB: TestServer;
  let world: PlanWorld;
  let rt: RoundtableView;
  const joined: Participant[] = [];

  let nodes: TwoNodes | undefined;

  beforeAll(async () => {
    nodes = await startTwoNodes();
    ({ nodeA, nodeB } = nodes);
    world = await buildPlanWorld(nodeA.app.models, nodeA.url);
    rt = await scheduleRoundtable(nodeA.url, world.cookies.chair, world.groupId, {});
  }, 180_000);
  afterAll(async () => {
    for (const p of joined) p.socket.disconnect();
    await nodes?.close();
  });

  it('hands raised at once through both nodes all reach the queue, seen alike on both nodes, each change once per socket', async () => {
    const facilitator = await joinSession(nodeA.url, world.cookies.chair, rt.id);
    joined.push(facilitator);
    const people = await buildMembers(nodeA.app.models, nodeA.url, world.groupId, 12);
    const participants = await Promise.all(
      people.map((p, i) => joinSession(i % 2 ? nodeB.url : nodeA.url, p.cookie, rt.id)),
    );
    joined.push(...participants);
    await facilitator.send('roundtable:facilitate', { op: 'open' });
    await eventually(() => expect(participants.every((p) => p.latest().phase === 'open')).toBe(true));
    await Promise.all(participants.map((p) => p.send('roundtable:hand', { raised: true })));
    await eventually(() => expect(facilitator.latest().queue).toHaveLength(12));
    for (const p of participants) await eventually(() => expect(p.latest().queue).toHaveLength(12));
    // each socket hears a stored version once (presence-only announcements repeat a version, nothing else)
    for (const p of [facilitator, ...participants]) {
      const queues = p.states.map((s) => `${s.version}:${s.queue.length}:${s.phase}`);
      const repeated = queues.filter(
        (q, i) => i > 0 && q === queues[i - 1] && p.states[i]!.present.length === p.states[i - 1]!.present.length,
      );
      expect(repeated).toEqual([]);
    }
  });
});
