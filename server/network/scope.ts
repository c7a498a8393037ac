import { Types } from 'mongoose';
import { z } from 'zod';
import { objectIdSchema } from '../../shared/schemas/common.js';
import { batchedLookup } from '../db/batch.js';
import { badRequest, notFound } from '../errors.js';
import { scopedRecord } from '../http/route.js';
import { parse } from '../http/validate.js';
import type { Policy, Scope, Standing } from '../policy/policy.js';
import type { GroupRecord, MembershipRole, NetworkModels } from './network.model.js';

const hubBody = z.object({ hubId: objectIdSchema.nullable() });

/** A group as the policy sees it: its members hold their role, its region's hub staff act on it. */
export function groupScope(group: GroupRecord): Scope<GroupRecord> {
  const id = String(group._id);
  return { kind: 'group', id, groupId: id, hubId: group.hubId ? String(group.hubId) : null, record: group };
}

export function hubScope(hubId: string | null): Scope<null> {
  return { kind: 'hub', id: hubId, groupId: null, hubId, record: null };
}

/** The group a `group:param` (or `invitation:param`) route was authorized on. */
export const scopedGroup = (ctx: { scope: Scope | null }) => scopedRecord<GroupRecord>(ctx, 'group');

export async function loadGroup(models: NetworkModels, groupId: string): Promise<GroupRecord> {
  const group = Types.ObjectId.isValid(groupId) ? await models.Group.findById(groupId).lean<GroupRecord>() : null;
  if (!group) throw notFound('Group');
  return group;
}

/**
 * The network's part of the standing of many people at once (a burst of upgrades
 * shares the queries): group roles, regions whose hub team they staff, and whether
 * they sit on a steering committee (whose members review every region's action plan).
 */
async function networkStandings(models: NetworkModels, userIds: readonly string[]) {
  const memberships = await models.Membership.find({ userId: { $in: userIds } })
    .select('userId groupId role')
    .lean();
  const groupIds = [...new Set(memberships.map((m) => String(m.groupId)))];
  const groups = groupIds.length
    ? await models.Group.find({ _id: { $in: groupIds }, kind: { $in: ['hub_team', 'steering_committee'] } })
        .select('kind hubId')
        .lean()
    : [];
  const hubOfTeam = new Map(
    groups.flatMap((g) => (g.kind === 'hub_team' && g.hubId ? [[String(g._id), String(g.hubId)]] : [])),
  );
  const committees = new Set(groups.filter((g) => g.kind === 'steering_committee').map((g) => String(g._id)));
  const standings = new Map<string, Partial<Standing>>();
  for (const userId of userIds)
    standings.set(userId, { groupRoles: new Map(), staffHubs: new Set(), committee: false });
  for (const m of memberships) {
    const standing = standings.get(String(m.userId))!;
    const groupId = String(m.groupId);
    standing.groupRoles!.set(groupId, m.role as MembershipRole);
    const hubId = hubOfTeam.get(groupId);
    if (hubId && m.role !== 'observer') standing.staffHubs!.add(hubId);
    if (committees.has(groupId)) standing.committee = true;
  }
  return standings;
}

/** Registers how the policy finds groups, regions and cities, and what memberships grant. */
export function registerNetworkPolicy(policy: Policy, models: NetworkModels): void {
  const standingOf = batchedLookup((userIds: readonly string[]) => networkStandings(models, userIds));
  policy.registerStanding(async (actor) => (await standingOf(actor.id)) ?? {});
  policy.registerScope('group:param', async ({ params }) =>
    groupScope(await loadGroup(models, parse(objectIdSchema, params.id))),
  );
  policy.registerScope('hub:body', async ({ body }) => {
    const { hubId } = parse(hubBody, body);
    if (hubId && !(await models.Hub.exists({ _id: hubId }))) throw badRequest('hubId: no such region');
    return hubScope(hubId);
  });
  policy.registerScope('city:param', async ({ params }) => {
    const city = await models.City.findById(parse(objectIdSchema, params.id)).lean();
    if (!city) throw notFound('City');
    return hubScope(String(city.hubId));
  });
}

/** Filter for the groups an actor may list. */
export function visibleGroupFilter(standing: Standing): Record<string, unknown> {
  if (standing.isAdmin) return {};
  return {
    $or: [
      { _id: { $in: [...standing.groupRoles.keys()].map((id) => new Types.ObjectId(id)) } },
      { hubId: { $in: [...standing.staffHubs].map((id) => new Types.ObjectId(id)) } },
    ],
  };
}
