import { expect } from 'vitest';
import type * as Y from 'yjs';
import type { PlanView } from '../../shared/plans/schemas.js';
import type { Models } from '../../server/models.js';
import { api } from './api.js';
import { connectProvider, login, waitForSync } from './clients.js';
import { buildUser, type BuiltUser } from './factories.js';

export interface PlanWorld {
  hubId: string;
  groupId: string;
  cityId: string;
  chair: BuiltUser;
  member: BuiltUser;
  member2: BuiltUser;
  observer: BuiltUser;
  committee: BuiltUser;
  outsider: BuiltUser;
  hubStaff: BuiltUser;
  cookies: Record<'chair' | 'member' | 'member2' | 'observer' | 'committee' | 'outsider' | 'hubStaff', string>;
}

/** A region with an advisory group (chair, two members, an observer), its hub team, and a steering committee member. */
export async function buildPlanWorld(models: Models, url: string): Promise<PlanWorld> {
  const hub = await models.Hub.create({
    slug: `wb-${Math.random().toString(36).slice(2, 8)}`,
    name: 'Western Balkans',
  });
  const city = await models.City.create({
    name: 'Куманово',
    nameLatin: 'Kumanovo',
    country: 'North Macedonia',
    hubId: hub._id,
  });
  const [group, team, steering] = await models.Group.create([
    { name: 'Western Balkans Regional Advisory Group', kind: 'advisory_group', hubId: hub._id },
    { name: 'Western Balkans hub team', kind: 'hub_team', hubId: hub._id },
    { name: 'International Steering Committee', kind: 'steering_committee', hubId: null },
  ]);
  const people = {
    chair: await buildUser(models, { name: 'Ana Kovač' }),
    member: await buildUser(models, { name: 'Елена Петровска' }),
    member2: await buildUser(models, { name: 'Arta Berisha' }),
    observer: await buildUser(models, { name: 'ليلى خوري' }),
    committee: await buildUser(models, { name: 'Committee Mayor' }),
    outsider: await buildUser(models, { name: 'Outsider' }),
    hubStaff: await buildUser(models, { name: 'Amir Hodžić' }),
  };
  await models.Membership.create([
    { groupId: group!._id, userId: people.chair.id, role: 'chair' },
    { groupId: group!._id, userId: people.member.id, role: 'member' },
    { groupId: group!._id, userId: people.member2.id, role: 'member' },
    { groupId: group!._id, userId: people.observer.id, role: 'observer' },
    { groupId: team!._id, userId: people.hubStaff.id, role: 'member' },
    { groupId: steering!._id, userId: people.committee.id, role: 'member' },
  ]);
  const cookies = {} as PlanWorld['cookies'];
  for (const [key, user] of Object.entries(people)) cookies[key as keyof typeof people] = await login(url, user);
  return { hubId: String(hub._id), groupId: String(group!._id), cityId: String(city._id), ...people, cookies };
}

export async function startPlan(url: string, cookie: string, groupId: string, period = '2026-H1', carryOver = false) {
  const reply = await api<{ plan: PlanView }>(url, 'POST', `/api/groups/${groupId}/plans`, {
    cookie,
    body: { period, carryOver },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.plan;
}

/** A stock y-websocket client on a plan's document, synced. */
export async function openPlan(url: string, documentName: string, cookie: string) {
  const client = connectProvider(url, documentName, cookie);
  await waitForSync(client.provider);
  return client;
}

export type PlanClient = { doc: Y.Doc; provider: ReturnType<typeof connectProvider>['provider'] };
