import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../shared/collab.js';
import {
  addPriority,
  deletePriority,
  planPriorities,
  priorityMap,
  readPlan,
  setPriorityTitle,
  updateField,
  writeParagraphs,
} from '../../shared/plans/doc.js';
import type { PlanDiff, PlanHistoryEntry, PlanView, ReviewPlan, VersionSummary } from '../../shared/plans/schemas.js';
import { api } from '../helpers/api.js';
import { eventually } from '../helpers/clients.js';
import { buildPlanWorld, openPlan, startPlan, type PlanWorld } from '../helpers/plans.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { unpackRecord } from '../../server/collab/store.js';

let server: TestServer;
let w: PlanWorld;
let period = 0;
/** Each test starts its own plan in a period of its own. */
const nextPeriod = () => `${2040 + Math.floor(period / 2)}-H${(period++ % 2) + 1}`;

beforeAll(async () => {
  server = await startServer();
  w = await buildPlanWorld(server.app.models, server.url);
});
afterAll(() => server?.close());

const getPlan = async (id: string, cookie = w.cookies.chair) =>
  (await api<{ plan: PlanView }>(server.url, 'GET', `/api/plans/${id}`, { cookie })).body.plan;
const setStatus = (id: string, status: string, cookie = w.cookies.chair) =>
  api<{ plan: PlanView }>(server.url, 'POST', `/api/plans/${id}/status`, { cookie, body: { status } });

describe('a plan co-edited by its group', () => {
  it('GET /api/plans/:id equals what the clients hold, with who last edited each priority', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, nextPeriod());
    const one = await openPlan(server.url, plan.documentName, w.cookies.member);
    const two = await openPlan(server.url, plan.documentName, w.cookies.member2);
    try {
      const a = addPriority(one.doc, { kind: 'training', title: 'National–local cooperation', owner: w.member.id });
      const b = addPriority(two.doc, {
        kind: 'advocacy',
        title: 'مجالس الشباب',
        position: 'start',
        cities: [w.cityId],
      });
      setPriorityTitle(one.doc, a, 'National–local cooperation frameworks');
      await eventually(() => expect(readPlan(one.doc)).toEqual(readPlan(two.doc)));
      await eventually(async () => {
        const view = await getPlan(plan.id, w.cookies.observer);
        expect(view.priorities.map((p) => [p.id, p.kind, p.title, p.status, p.owner?.id ?? ''])).toEqual(
          readPlan(one.doc).priorities.map((p) => [p.id, p.kind, p.title, p.status, p.owner]),
        );
        const byId = new Map(view.priorities.map((p) => [p.id, p]));
        expect(byId.get(a)?.lastEditedBy?.name).toBe(w.member.name);
        expect(byId.get(a)?.owner?.name).toBe(w.member.name);
        expect(byId.get(b)?.lastEditedBy?.name).toBe(w.member2.name);
        expect(byId.get(b)?.linkedCities[0]?.nameLatin).toBe('Kumanovo');
        expect(view.writable).toBe(false); // an observer reads
      });
      // the log keeps who sent each update (as copied from the journal into the database)
      await server.app.journal?.flushAll();
      const authors = (await server.app.models.DocUpdate.find({ doc: plan.documentName }).lean()).flatMap(
        (r) => unpackRecord(r).authors ?? [],
      );
      expect(authors).toEqual(expect.arrayContaining([w.member.id, w.member2.id]));
      const history = await api<{ entries: PlanHistoryEntry[] }>(server.url, 'GET', `/api/plans/${plan.id}/history`, {
        cookie: w.cookies.committee,
      });
      expect(history.body.entries.map((e) => [e.user?.name, e.action, e.priorityId])).toEqual(
        expect.arrayContaining([
          [w.member.name, 'added', a],
          [w.member2.name, 'added', b],
        ]),
      );
    } finally {
      one.provider.destroy();
      two.provider.destroy();
    }
  });

  it('GET /api/plans/:id/document answers the plan as stored (for a network that blocks the live sync), to its readers only', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, nextPeriod());
    const one = await openPlan(server.url, plan.documentName, w.cookies.member);
    try {
      addPriority(one.doc, { kind: 'training', title: 'Helpline for families', owner: w.member.id });
      const stored = (cookie: string | undefined) =>
        fetch(`${server.url}/api/plans/${plan.id}/document`, cookie ? { headers: { cookie } } : {});
      await eventually(async () => {
        const res = await stored(w.cookies.committee);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/octet-stream/);
        expect(res.headers.get('cache-control')).toBe('no-store');
        const copy = new Y.Doc();
        Y.applyUpdate(copy, new Uint8Array(await res.arrayBuffer()));
        expect(readPlan(copy)).toEqual(readPlan(one.doc));
      });
      expect((await stored(w.cookies.outsider)).status).toBe(404);
      expect((await stored(undefined)).status).toBe(401);
    } finally {
      one.provider.destroy();
    }
  });

  it('refuses an oversized description without harming the document for anyone else', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, nextPeriod());
    const one = await openPlan(server.url, plan.documentName, w.cookies.member);
    const two = await openPlan(server.url, plan.documentName, w.cookies.member2);
    try {
      const id = addPriority(one.doc, { kind: 'partnerships', title: 'Community action teams' });
      await eventually(() => expect(readPlan(two.doc).priorities).toHaveLength(1));
      const closes: { code?: number; reason?: string }[] = [];
      one.provider.on('connection-close', (event) => closes.push({ code: event?.code, reason: event?.reason }));
      const description = priorityMap(one.doc, id)!.get('description') as Y.XmlFragment;
      writeParagraphs(description, 'x'.repeat(50_001));
      await eventually(() =>
        expect(closes[0]).toEqual({ code: CLOSE_CODES.policyViolation, reason: 'refused: description too long' }),
      );
      one.provider.destroy();
      // everyone else goes on editing; nothing of the refused update was stored
      setPriorityTitle(two.doc, id, 'Community action teams (Kumanovo, Kičevo)');
      const three = await openPlan(server.url, plan.documentName, w.cookies.chair);
      await eventually(() =>
        expect(readPlan(three.doc).priorities[0]).toMatchObject({
          title: 'Community action teams (Kumanovo, Kičevo)',
          description: '',
        }),
      );
      three.provider.destroy();
    } finally {
      one.provider.destroy();
      two.provider.destroy();
    }
  });

  it('refuses a priority that breaks the schema', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, nextPeriod());
    const one = await openPlan(server.url, plan.documentName, w.cookies.member);
    try {
      const closes: (string | undefined)[] = [];
      one.provider.on('connection-close', (event) => closes.push(event?.reason));
      planPriorities(one.doc).set('half', new Y.Map());
      await eventually(() => expect(closes[0]).toBe('refused: not a valid plan'));
    } finally {
      one.provider.destroy();
    }
    expect((await getPlan(plan.id)).priorities).toEqual([]);
  });
});

describe('the lifecycle', () => {
  it('member cannot move a plan, the chair can; each move is audited and makes a version; review goes back to draft', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, nextPeriod());
    expect((await setStatus(plan.id, 'review', w.cookies.member)).status).toBe(403);
    expect((await setStatus(plan.id, 'review', w.cookies.committee)).status).toBe(403);
    expect((await setStatus(plan.id, 'adopted')).status).toBe(409); // draft → adopted skips review
    expect((await setStatus(plan.id, 'review')).body.plan.status).toBe('review');
    expect((await setStatus(plan.id, 'draft', w.cookies.hubStaff)).body.plan.status).toBe('draft');
    const versions = await api<{ versions: VersionSummary[] }>(server.url, 'GET', `/api/plans/${plan.id}/versions`, {
      cookie: w.cookies.member,
    });
    expect(versions.body.versions.map((v) => [v.name, v.reason])).toEqual([
      ['Moved to draft', 'status'],
      ['Moved to review', 'status'],
      ['Started', 'created'],
    ]);
    const audit = await server.app.models.AuditEvent.find({ action: 'plan.status_changed', targetId: plan.id }).lean();
    expect(audit.map((a) => [a.actorName, a.details])).toEqual([
      [w.chair.name, expect.objectContaining({ from: 'draft', status: 'review' })],
      [w.hubStaff.name, expect.objectContaining({ from: 'review', status: 'draft' })],
    ]);
  });

  it('an adopted plan refuses writes: the update is not applied and other clients never see it', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, nextPeriod());
    const writer = await openPlan(server.url, plan.documentName, w.cookies.member);
    const reader = await openPlan(server.url, plan.documentName, w.cookies.member2);
    try {
      const id = addPriority(writer.doc, { kind: 'advocacy', title: 'Youth councils' });
      await eventually(() => expect(readPlan(reader.doc).priorities).toHaveLength(1));
      await setStatus(plan.id, 'review');
      expect((await setStatus(plan.id, 'adopted')).body.plan).toMatchObject({ status: 'adopted', writable: false });
      // every client learns it live from the document
      await eventually(() => expect(writer.doc.getMap('meta').get('status')).toBe('adopted'));
      const closes: (string | undefined)[] = [];
      writer.provider.on('connection-close', (event) => closes.push(event?.reason));
      setPriorityTitle(writer.doc, id, 'Youth councils — changed after adoption');
      await eventually(() => expect(closes[0]).toBe('refused: plan is adopted (read-only)'));
      // a later connection is read-only from the start: its update is dropped
      const late = await openPlan(server.url, plan.documentName, w.cookies.chair);
      updateField(late.doc, id, 'status', 'done');
      await new Promise((r) => setTimeout(r, 300));
      expect(readPlan(reader.doc).priorities[0]).toMatchObject({ title: 'Youth councils', status: 'proposed' });
      late.provider.destroy();
      const fresh = await openPlan(server.url, plan.documentName, w.cookies.observer);
      expect(readPlan(fresh.doc).priorities[0]).toMatchObject({ title: 'Youth councils', status: 'proposed' });
      fresh.provider.destroy();
      expect((await getPlan(plan.id)).priorities[0]?.title).toBe('Youth councils');
      const restore = await api(server.url, 'POST', `/api/plans/${plan.id}/versions`, {
        cookie: w.cookies.member,
        body: { name: 'after adoption' },
      });
      expect(restore.status).toBe(201); // naming a version of an adopted plan is fine; changing it is not
      expect((await setStatus(plan.id, 'draft')).status).toBe(409);
    } finally {
      writer.provider.destroy();
      reader.provider.destroy();
    }
  });

  it('the steering committee reads every region’s plans of a period, and cannot write them', async () => {
    const p = nextPeriod();
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, p);
    const client = await openPlan(server.url, plan.documentName, w.cookies.member);
    addPriority(client.doc, { kind: 'policy_outputs', title: 'Needs-assessment survey', owner: w.member.id });
    client.provider.destroy();
    await eventually(async () => {
      const review = await api<{ plans: ReviewPlan[] }>(server.url, 'GET', `/api/plans?period=${p}`, {
        cookie: w.cookies.committee,
      });
      expect(review.body.plans).toHaveLength(1);
      expect(review.body.plans[0]).toMatchObject({
        group: { name: 'Western Balkans Regional Advisory Group' },
        hub: { name: 'Western Balkans' },
        priorities: [{ kind: 'policy_outputs', status: 'proposed', owner: { name: w.member.name }, commentCount: 0 }],
      });
    });
    const outsider = await api<{ plans: ReviewPlan[] }>(server.url, 'GET', `/api/plans?period=${p}`, {
      cookie: w.cookies.outsider,
    });
    expect(outsider.body.plans).toEqual([]);
    const view = await getPlan(plan.id, w.cookies.committee);
    expect(view.abilities).toEqual({ read: true, edit: false, setStatus: false });
  });
});

describe('versions', () => {
  it('restoring a version reaches every client as a new update; diff shows what changed', async () => {
    const plan = await startPlan(server.url, w.cookies.chair, w.groupId, nextPeriod());
    const one = await openPlan(server.url, plan.documentName, w.cookies.member);
    const two = await openPlan(server.url, plan.documentName, w.cookies.member2);
    try {
      const a = addPriority(one.doc, {
        kind: 'training',
        title: 'Prevention frameworks',
        description: 'Two municipalities',
      });
      const b = addPriority(one.doc, { kind: 'advocacy', title: 'Youth councils' });
      await eventually(() => expect(readPlan(two.doc).priorities).toHaveLength(2));
      await eventually(async () => expect((await getPlan(plan.id)).priorities).toHaveLength(2));
      const named = await api<{ version: VersionSummary }>(server.url, 'POST', `/api/plans/${plan.id}/versions`, {
        cookie: w.cookies.member,
        body: { name: 'Before the Skopje meeting' },
      });
      const wanted = readPlan(one.doc);
      setPriorityTitle(two.doc, a, 'Prevention frameworks (national–local)');
      deletePriority(two.doc, b);
      const c = addPriority(two.doc, { kind: 'partnerships', title: 'OSCE and IOM' });
      await eventually(() => expect(readPlan(one.doc).priorities.map((p) => p.id)).toEqual([a, c]));
      const diff = await api<{ diff: PlanDiff }>(
        server.url,
        'GET',
        `/api/plans/${plan.id}/diff?from=${named.body.version.id}&to=current`,
        { cookie: w.cookies.observer },
      );
      expect(diff.body.diff).toMatchObject({
        added: [{ id: c, title: 'OSCE and IOM' }],
        removed: [{ id: b, title: 'Youth councils' }],
        changed: [{ id: a, fields: ['title'], before: { title: 'Prevention frameworks' } }],
      });
      await server.app.journal?.flushAll();
      const before = await server.app.models.DocUpdate.countDocuments({ doc: plan.documentName });
      const restored = await api<{ plan: PlanView }>(
        server.url,
        'POST',
        `/api/plans/${plan.id}/versions/${named.body.version.id}/restore`,
        { cookie: w.cookies.member },
      );
      expect(restored.status).toBe(200);
      expect(restored.body.plan.priorities.map((p) => p.title)).toEqual(['Prevention frameworks', 'Youth councils']);
      for (const client of [one, two]) await eventually(() => expect(readPlan(client.doc)).toEqual(wanted));
      // a new change on top of the log, not a rewrite of it
      await server.app.journal?.flushAll();
      expect(await server.app.models.DocUpdate.countDocuments({ doc: plan.documentName })).toBeGreaterThan(before);
      const old = await api<{ version: { plan: PlanView } }>(
        server.url,
        'GET',
        `/api/plans/${plan.id}/versions/${named.body.version.id}`,
        { cookie: w.cookies.committee },
      );
      expect(old.body.version.plan.priorities.map((p) => p.title)).toEqual(['Prevention frameworks', 'Youth councils']);
    } finally {
      one.provider.destroy();
      two.provider.destroy();
    }
  });
});
