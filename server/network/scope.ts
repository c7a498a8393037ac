import { Types } from 'mongoose';
import { z } from 'zod';
import { objectIdSchema } from '../../shared/schemas/common.js';
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

/** The network's part of a person's standing: group roles, and regions whose hub team they staff. */
async function networkStanding(models: NetworkModels, userId: string): Promise<Partial<Standing>> {
  const memberships = await models.Membership.find({ userId }).select('groupId role').lean();
  const groupRoles = new Map(memberships.map((m) => [String(m.groupId), m.role as MembershipRole]));
  const staffGroupIds = memberships.filter((m) => m.role !== 'observer').map((m) => m.groupId);
  const hubTeams = staffGroupIds.length
    ? await models.Group.find({ _id: { $in: staffGroupIds }, kind: 'hub_team', hubId: { $ne: null } })
        .select('hubId')
        .lean()
    : [];
  // any role on a steering committee: its members review every region's action plan
  const committee =
    memberships.length > 0 &&
    (await models.Group.exists({ _id: { $in: memberships.map((m) => m.groupId) }, kind: 'steering_committee' })) !==
      null;
  return { groupRoles, staffHubs: new Set(hubTeams.map((g) => String(g.hubId))), committee };
}

/** Registers how the policy finds groups, regions and cities, and what memberships grant. */
export function registerNetworkPolicy(policy: Policy, models: NetworkModels): void {
  policy.registerStanding((actor) => networkStanding(models, actor.id));
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
