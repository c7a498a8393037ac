import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPriority, readPlan, setPriorityTitle } from '../../shared/plans/doc.js';
import type { PlanView } from '../../shared/plans/schemas.js';
import { api } from '../helpers/api.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, openPlan, startPlan, type PlanWorld } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let w: PlanWorld;
beforeAll(async () => {
  server = await startServer();
  w = await buildPlanWorld(server.app.models, server.url);
});
afterAll(() => server?.close());

describe('plans', () => {
  it('GET /api/plans/:id equals what the clients hold', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId);
    const one = await openPlan(server.url, plan.documentName, w.cookies.member);
    const two = await openPlan(server.url, plan.documentName, w.cookies.member2);
    try {
      const a = addPriority(one.doc, { kind: 'training', title: 'National–local cooperation', owner: w.member.id });
      addPriority(two.doc, { kind: 'advocacy', title: 'مجالس الشباب', position: 'start', cities: [w.cityId] });
      setPriorityTitle(one.doc, a, 'National–local cooperation frameworks');
      await eventually(() => expect(readPlan(one.doc)).toEqual(readPlan(two.doc)));
      await eventually(async () => {
        const reply = await api<{ plan: PlanView }>(server.url, 'GET', `/api/plans/${plan.id}`, {
          cookie: w.cookies.observer,
        });
        const held = readPlan(one.doc);
        expect(reply.body.plan.priorities.map((p) => [p.id, p.kind, p.title, p.status, p.owner?.id ?? ''])).toEqual(
          held.priorities.map((p) => [p.id, p.kind, p.title, p.status, p.owner]),
        );
        const byId = new Map(reply.body.plan.priorities.map((p) => [p.id, p]));
        expect(byId.get(a)?.lastEditedBy?.name).toBe(w.member.name);
        expect(reply.body.plan.priorities.find((p) => p.id !== a)?.lastEditedBy?.name).toBe(w.member2.name);
        expect(reply.body.plan.priorities.find((p) => p.id !== a)?.linkedCities[0]?.nameLatin).toBe('Kumanovo');
        expect(reply.body.plan.writable).toBe(false);
      });
    } finally {
      one.provider.destroy();
      two.provider.destroy();
    }
  });
});
