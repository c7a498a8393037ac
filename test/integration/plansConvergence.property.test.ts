import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addPriority,
  deletePriority,
  movePriority,
  planPriorities,
  readPlan,
  updateField,
  type Position,
} from '../../shared/plans/doc.js';
import { PRIORITY_STATUSES, type PlanView } from '../../shared/plans/schemas.js';
import { api } from '../helpers/api.js';
import { connectProvider, eventually, login, waitForSync } from '../helpers/clients.js';
import { buildUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Property: two stock y-websocket clients reorder, edit, add and delete the same
 * priorities in any interleaving — online or offline, concurrently — and end with
 * identical plans, the plan a fresh client loads and GET /api/plans/:id shows:
 * every priority exactly once, and every piece of text anyone typed still there
 * (inside a deleted priority too: deletes are tombstones).
 * `PLAN_FC_RUNS` sets the number of runs (25 here); `FC_SEED` replays one.
 */
const RUNS = Number(process.env.PLAN_FC_RUNS ?? 25);

type Command =
  | { kind: 'move'; client: number; pick: number; to: number; where: 'before' | 'after' | 'start' | 'end' }
  | { kind: 'type'; client: number; pick: number; at: number }
  | { kind: 'delete'; client: number; pick: number }
  | { kind: 'add'; client: number; to: number }
  | { kind: 'status'; client: number; pick: number; status: number }
  | { kind: 'offline'; client: number }
  | { kind: 'online'; client: number }
  | { kind: 'wait'; ms: number };

const client = fc.integer({ min: 0, max: 1 });
const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('move'),
      client,
      pick: fraction,
      to: fraction,
      where: fc.constantFrom('before', 'after', 'start', 'end'),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('type'), client, pick: fraction, at: fraction }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('delete'), client, pick: fraction }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('add'), client, to: fraction }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant('status'), client, pick: fraction, status: fc.nat({ max: 4 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('offline'), client }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('online'), client }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('wait'), ms: fc.integer({ min: 0, max: 20 }) }), weight: 2 },
);

let server: TestServer;
let adminCookie: string;
let cookies: string[];
let members: string[];
let runNo = 0;

beforeAll(async () => {
  server = await startServer();
  const admin = await buildUser(server.app.models, { isAdmin: true });
  const people = [
    await buildUser(server.app.models, { name: 'Ana' }),
    await buildUser(server.app.models, { name: 'ليلى' }),
  ];
  adminCookie = await login(server.url, admin);
  cookies = await Promise.all(people.map((p) => login(server.url, p)));
  members = people.map((p) => p.id);
});
afterAll(() => server?.close());

/** Every priority id the client's document has (deleted ones too), in a stable order. */
const allIds = (doc: Y.Doc) => [...planPriorities(doc).keys()].sort();
const pickFrom = <T>(list: T[], f: number): T | undefined => list[Math.floor(f * list.length)];
/** Offsets in a title where a typed token may go without splitting another: the ends, and around each token. */
function tokenBoundaries(title: string): number[] {
  const offsets = new Set([0, title.length]);
  for (let i = 0; i < title.length; i++) {
    if (title[i] === '‹') offsets.add(i);
    if (title[i] === '›') offsets.add(i + 1);
  }
  return [...offsets].sort((a, b) => a - b);
}

async function run(commands: Command[]): Promise<void> {
  const m = server.app.models;
  const group = await m.Group.create({ name: `Advisory group ${runNo++}`, kind: 'advisory_group', hubId: null });
  await m.Membership.create(members.map((userId) => ({ groupId: group._id, userId, role: 'member' as const })));
  const started = await api<{ plan: PlanView }>(server.url, 'POST', `/api/groups/${String(group._id)}/plans`, {
    cookie: adminCookie,
    body: { period: '2026-H1' },
  });
  const plan = started.body.plan;
  const clients = cookies.map((cookie) => connectProvider(server.url, plan.documentName, cookie));
  const typed = new Map<string, string[]>();
  let token = 0;
  try {
    await Promise.all(clients.map((c) => waitForSync(c.provider)));
    for (const title of ['Training', 'Partnerships', 'Advocacy'])
      addPriority(clients[0]!.doc, { kind: 'training', title });
    await eventually(() => expect(allIds(clients[1]!.doc)).toHaveLength(3));
    for (const c of commands) {
      if (c.kind === 'wait') {
        await new Promise((r) => setTimeout(r, c.ms));
        continue;
      }
      const { doc, provider } = clients[c.client]!;
      const ids = allIds(doc);
      const id = 'pick' in c ? pickFrom(ids, c.pick) : undefined;
      switch (c.kind) {
        case 'offline':
          provider.disconnect();
          break;
        case 'online':
          provider.connect();
          break;
        case 'move': {
          const other = pickFrom(ids, c.to)!;
          const position: Position =
            c.where === 'start' || c.where === 'end' ? c.where : ({ [c.where]: other } as Position);
          movePriority(doc, id!, position);
          break;
        }
        case 'type': {
          const title = planPriorities(doc).get(id!)!.get('title') as Y.Text;
          const text = `‹${c.client}:${token++}›`;
          // between tokens, never inside one: a token split by a later insertion is not lost text
          title.insert(pickFrom(tokenBoundaries(title.toString()), c.at)!, text);
          typed.set(id!, [...(typed.get(id!) ?? []), text]);
          break;
        }
        case 'delete':
          deletePriority(doc, id!);
          break;
        case 'add':
          addPriority(doc, { kind: 'advocacy', title: `new ${token++}`, position: { after: pickFrom(ids, c.to)! } });
          break;
        case 'status':
          updateField(doc, id!, 'status', PRIORITY_STATUSES[c.status]!);
          break;
      }
    }
    for (const c of clients) c.provider.connect();
    await eventually(
      () =>
        expect(readPlan(clients[0]!.doc, { includeDeleted: true })).toEqual(
          readPlan(clients[1]!.doc, { includeDeleted: true }),
        ),
      20_000,
    );
    const held = readPlan(clients[0]!.doc, { includeDeleted: true });
    // every priority exactly once, in one order
    const ids = held.priorities.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(allIds(clients[0]!.doc));
    // nothing anyone typed is lost, in deleted priorities too
    for (const [id, texts] of typed) {
      const title = held.priorities.find((p) => p.id === id)!.title;
      for (const text of texts) expect(title).toContain(text);
    }
    const fresh = connectProvider(server.url, plan.documentName, cookies[0]);
    await waitForSync(fresh.provider);
    await eventually(() => expect(readPlan(fresh.doc, { includeDeleted: true })).toEqual(held));
    fresh.provider.destroy();
    const live = readPlan(clients[0]!.doc).priorities;
    await eventually(async () => {
      const view = await api<{ plan: PlanView }>(server.url, 'GET', `/api/plans/${plan.id}`, { cookie: adminCookie });
      expect(view.body.plan.priorities.map((p) => [p.id, p.title, p.status])).toEqual(
        live.map((p) => [p.id, p.title, p.status]),
      );
    });
  } finally {
    for (const c of clients) c.provider.destroy();
  }
}

describe('plan convergence (property)', () => {
  it(
    'two clients reordering, editing and deleting the same priorities converge without duplicates or lost text',
    async () => {
      const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;
      process.stdout.write(`[plans property] seed ${seed} (replay with FC_SEED=${seed})\n`);
      await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30 }), run), {
        seed,
        numRuns: RUNS,
        endOnFailure: true,
        verbose: 1,
      });
    },
    Math.max(120_000, RUNS * 8_000),
  );
});
