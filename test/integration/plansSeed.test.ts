import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlan } from '../../shared/plans/doc.js';
import type { ReviewPlan } from '../../shared/plans/schemas.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { api } from '../helpers/api.js';
import { login } from '../helpers/clients.js';
import { openPlan } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ seedDemo: true });
});
afterAll(() => server?.close());

describe('the demo seed', () => {
  it('gives the Western Balkans (English, draft) and MENA (Arabic, adopted) advisory groups a 2026 H1 plan', async () => {
    // Ana sits on the steering committee: she reviews both regions' plans
    const cookie = await login(server.url, { email: DEMO_USERS.ana.email, password: DEMO_PASSWORD });
    const review = await api<{ plans: ReviewPlan[] }>(server.url, 'GET', '/api/plans?period=2026-H1', { cookie });
    const byGroup = new Map(review.body.plans.map((p) => [p.group.name, p]));
    const wb = byGroup.get('Western Balkans Regional Advisory Group')!;
    const mena = byGroup.get('MENA Regional Advisory Group')!;
    expect(wb.status).toBe('draft');
    expect(mena.status).toBe('adopted');
    expect(wb.priorities.map((p) => p.kind)).toEqual([
      'training',
      'partnerships',
      'advocacy',
      'policy_outputs',
      'partnerships',
    ]);
    expect(wb.priorities[1]).toMatchObject({
      title: 'Multi-stakeholder community action teams (Kumanovo, Kičevo)',
      owner: { name: DEMO_USERS.elena.name },
      status: 'in_progress',
    });
    expect(mena.priorities[0]).toMatchObject({
      kind: 'training',
      title: 'زيادة التوعية بدور المدن في الوقاية والاستجابة',
      owner: { name: DEMO_USERS.youssef.name },
    });
    const full = await server.app.models.Plan.findById(wb.id).lean();
    const client = await openPlan(server.url, full!.documentName, cookie);
    expect(readPlan(client.doc).priorities.map((p) => p.title)).toEqual(wb.priorities.map((p) => p.title));
    client.provider.destroy();
  });
});
