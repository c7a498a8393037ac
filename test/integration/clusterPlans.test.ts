import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPriority, readPlan, setPriorityTitle } from '../../shared/plans/doc.js';
import { readVotes } from '../../shared/plans/votes.js';
import type { PlanView } from '../../shared/plans/schemas.js';
import { api } from '../helpers/api.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, openPlan, startPlan, type PlanClient, type PlanWorld } from '../helpers/plans.js';
import { joinSession, scheduleRoundtable, type Participant } from '../helpers/roundtables.js';
import { startTwoNodes, type TwoNodes } from '../helpers/twoNodes.js';

/**
 * A plan edited through two nodes: what the server writes through one node (a dot vote's
 * result, a new status) is known to the other node's validator, so editors there are
 * neither wrongly refused nor wrongly allowed.
 */
describe('a plan on two nodes', () => {
  let nodes: TwoNodes;
  let world: PlanWorld;
  const clients: PlanClient[] = [];
  const sockets: Participant[] = [];

  beforeAll(async () => {
    nodes = await startTwoNodes();
    world = await buildPlanWorld(nodes.nodeA.app.models, nodes.nodeA.url);
  }, 180_000);
  afterAll(async () => {
    for (const c of clients) c.provider.destroy();
    for (const s of sockets) s.socket.disconnect();
    await nodes?.close();
  });

  const open = async (url: string, documentName: string, cookie: string) => {
    const client = await openPlan(url, documentName, cookie);
    clients.push(client);
    return client;
  };

  it('a dot vote written through node A does not make node B refuse its editors; adoption through A does', async () => {
    const { nodeA, nodeB } = nodes;
    const plan = await startPlan(nodeA.url, world.cookies.chair, world.groupId, '2044-H1');
    const onB = await open(nodeB.url, plan.documentName, world.cookies.member);
    const onA = await open(nodeA.url, plan.documentName, world.cookies.member2);
    const id = addPriority(onB.doc, { kind: 'advocacy', title: 'Youth councils' });
    await eventually(() => expect(readPlan(onA.doc).priorities).toHaveLength(1));

    // a dot vote through node A writes its result onto the plan (the server's own write)
    const rt = await scheduleRoundtable(nodeA.url, world.cookies.chair, world.groupId, { planId: plan.id });
    const facilitator = await joinSession(nodeA.url, world.cookies.chair, rt.id);
    sockets.push(facilitator);
    const { pollId } = await facilitator.send<{ pollId: string }>('roundtable:poll', {
      op: 'create-dots',
      question: 'Where first?',
      dots: 2,
    });
    await facilitator.send('roundtable:vote', { pollId, dots: { [id]: 2 } });
    await facilitator.send('roundtable:poll', { op: 'close', pollId });
    await eventually(() => expect(readVotes(onB.doc)).toHaveLength(1));

    // the editor on node B goes on editing: stored and seen through node A
    const closes: (string | undefined)[] = [];
    onB.provider.on('connection-close', (event) => closes.push(event?.reason));
    setPriorityTitle(onB.doc, id, 'Youth councils in every municipality');
    await eventually(() => expect(readPlan(onA.doc).priorities[0]?.title).toBe('Youth councils in every municipality'));
    expect(closes).toEqual([]);

    // adopted through node A: node B refuses its editor at once
    const setStatus = (status: string) =>
      api<{ plan: PlanView }>(nodeA.url, 'POST', `/api/plans/${plan.id}/status`, {
        cookie: world.cookies.chair,
        body: { status },
      });
    expect((await setStatus('review')).status).toBe(200);
    expect((await setStatus('adopted')).status).toBe(200);
    await eventually(() => expect(onB.doc.getMap('meta').get('status')).toBe('adopted'));
    setPriorityTitle(onB.doc, id, 'Changed after adoption');
    await eventually(() => expect(closes.some((r) => r?.startsWith('refused'))).toBe(true));
    await new Promise((r) => setTimeout(r, 300));
    expect(readPlan(onA.doc).priorities[0]?.title).toBe('Youth councils in every municipality');
  });
});
