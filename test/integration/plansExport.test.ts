import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPriority, readPlan, updateField } from '../../shared/plans/doc.js';
import type { PlanSummary, PlanView, VersionSummary } from '../../shared/plans/schemas.js';
import { api } from '../helpers/api.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, openPlan, startPlan, type PlanWorld } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let w: PlanWorld;
beforeAll(async () => {
  // caps and the checkpoint interval are configurable: small ones here
  server = await startServer({
    plans: { maxPriorities: 5, maxDescriptionChars: 50_000, maxDocBytes: 4 * 1024 * 1024, checkpointMs: 0 },
  });
  w = await buildPlanWorld(server.app.models, server.url);
});
afterAll(() => server?.close());

const exportOf = async (id: string, lang: string) => {
  const res = await fetch(`${server.url}/api/plans/${id}/export.md?lang=${lang}`, {
    headers: { cookie: w.cookies.committee },
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe('periods and export', () => {
  it('exports Markdown with kind and status labels in the reader’s language and the content as written', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, '2026-H1');
    const client = await openPlan(server.url, plan.documentName, w.cookies.member);
    const youth = addPriority(client.doc, {
      kind: 'advocacy',
      title: 'مجالس الشباب *أولاً* [link](javascript:x)',
      description: 'وأقر المشاركون بالمشاركة مع الشباب\n# not a heading',
      owner: w.member.id,
      target: '2026-Q2',
      cities: [w.cityId],
    });
    addPriority(client.doc, { kind: 'training', title: 'National–local cooperation' });
    updateField(client.doc, youth, 'status', 'in_progress');
    await eventually(async () => expect((await exportOf(plan.id, 'en')).text).toContain('National–local cooperation'));
    client.provider.destroy();

    const ar = await exportOf(plan.id, 'ar');
    expect(ar.status).toBe(200);
    expect(ar.type).toMatch(/^text\/markdown/);
    expect(ar.text).toContain('- النوع: المناصرة');
    expect(ar.text).toContain('- الحالة: قيد التنفيذ');
    expect(ar.text).toContain('- النوع: التدريب وبناء القدرات');
    expect(ar.text).toContain(`- المسؤول: ${w.member.name}`);
    expect(ar.text).toContain('- المدن المرتبطة: Куманово');
    expect(ar.text).toContain('حالة الخطة: مسودة');
    // user text as written, Markdown-significant characters escaped
    expect(ar.text).toContain('### 1. مجالس الشباب \\*أولاً\\* \\[link\\]\\(javascript:x\\)');
    expect(ar.text).toContain('وأقر المشاركون بالمشاركة مع الشباب');
    expect(ar.text).toContain('\\# not a heading');

    const en = await exportOf(plan.id, 'en');
    expect(en.text).toContain('- Kind: Advocacy');
    expect(en.text).toContain('- Status: In progress');
    const sw = await exportOf(plan.id, 'sw');
    expect(sw.text).toContain('- Aina: Utetezi');
    expect(sw.text).toContain('- Hali: Kinaendelea');
    expect((await exportOf(plan.id, 'xx')).text).toBe(en.text); // an unknown language reads English
  });

  it('starting the next period carries over unfinished priorities with a link to where each came from', async () => {
    const first = await startPlan(server.url, w.cookies.chair, w.groupId, '2027-H1');
    const client = await openPlan(server.url, first.documentName, w.cookies.member);
    const ids = {
      agreed: addPriority(client.doc, { kind: 'partnerships', title: 'Community action teams', status: 'agreed' }),
      done: addPriority(client.doc, { kind: 'training', title: 'Launch workshop', status: 'done' }),
      dropped: addPriority(client.doc, { kind: 'advocacy', title: 'Dropped idea', status: 'dropped' }),
      progress: addPriority(client.doc, {
        kind: 'policy_outputs',
        title: 'Helpdesk for cities',
        status: 'in_progress',
        description: 'Small-grants application form',
      }),
    };
    await eventually(async () => {
      const view = await api<{ plan: PlanView }>(server.url, 'GET', `/api/plans/${first.id}`, {
        cookie: w.cookies.chair,
      });
      expect(view.body.plan.priorities).toHaveLength(4);
    });
    client.provider.destroy();
    expect(
      (
        await api(server.url, 'POST', `/api/groups/${w.groupId}/plans`, {
          cookie: w.cookies.chair,
          body: { period: '2027-H1' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api(server.url, 'POST', `/api/groups/${w.groupId}/plans`, {
          cookie: w.cookies.member,
          body: { period: '2027-H2' },
        })
      ).status,
    ).toBe(403);
    const next = await startPlan(server.url, w.cookies.chair, w.groupId, '2027-H2', true);
    expect(next.priorities.map((p) => [p.title, p.status, p.carriedFrom])).toEqual([
      ['Community action teams', 'agreed', { planId: first.id, priorityId: ids.agreed }],
      ['Helpdesk for cities', 'in_progress', { planId: first.id, priorityId: ids.progress }],
    ]);
    expect(next.priorities[1]?.description).toBe('Small-grants application form');
    const reader = await openPlan(server.url, next.documentName, w.cookies.observer);
    expect(readPlan(reader.doc).priorities.map((p) => p.title)).toEqual([
      'Community action teams',
      'Helpdesk for cities',
    ]);
    reader.provider.destroy();
    const list = await api<{ plans: PlanSummary[] }>(server.url, 'GET', `/api/groups/${w.groupId}/plans`, {
      cookie: w.cookies.member,
    });
    expect(list.body.plans.map((p) => p.period)).toEqual(['2027-H2', '2027-H1', '2026-H1']);
  });

  it('takes automatic checkpoints while edited, and refuses priorities past the configured cap', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, '2028-H1');
    const client = await openPlan(server.url, plan.documentName, w.cookies.member2);
    try {
      for (let i = 0; i < 5; i++) addPriority(client.doc, { kind: 'training', title: `Workshop ${i + 1}` });
      await eventually(async () => {
        const versions = await api<{ versions: VersionSummary[] }>(
          server.url,
          'GET',
          `/api/plans/${plan.id}/versions`,
          {
            cookie: w.cookies.chair,
          },
        );
        expect(versions.body.versions[0]).toMatchObject({ reason: 'checkpoint', author: { name: w.member2.name } });
      });
      const closes: (string | undefined)[] = [];
      client.provider.on('connection-close', (event) => closes.push(event?.reason));
      addPriority(client.doc, { kind: 'training', title: 'One too many' });
      await eventually(() => expect(closes[0]).toBe('refused: too many priorities'));
    } finally {
      client.provider.destroy();
    }
    await eventually(async () => {
      const view = await api<{ plan: PlanView }>(server.url, 'GET', `/api/plans/${plan.id}`, {
        cookie: w.cookies.chair,
      });
      expect(view.body.plan.priorities.map((p) => p.title)).toEqual([1, 2, 3, 4, 5].map((i) => `Workshop ${i}`));
    });
  });
});
