import { Types } from 'mongoose';
import {
  DEFAULT_GROUP_CAPS,
  type CityView,
  type DirectoryView,
  type GroupKind,
  type GroupSummary,
  type GroupView,
  type HubView,
  type MembershipRole,
  type PersonView,
} from '../../shared/schemas/network.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuthModels } from '../auth/models.js';
import type { GroupRecord, NetworkModels } from './network.model.js';

type Models = NetworkModels & AuthModels;
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import type { Bus } from '../realtime/bus.js';
import type { Actor, Policy, Role } from '../policy/policy.js';
import { visibleGroupFilter } from './scope.js';
import type { SessionStore } from '../auth/sessions.js';

interface UserRecord {
  _id: Types.ObjectId;
  name: string;
  title?: string;
  cityId?: Types.ObjectId | null;
  language: string;
}

export function toPerson(u: UserRecord): PersonView {
  return {
    id: String(u._id),
    name: u.name,
    title: u.title ?? '',
    cityId: u.cityId ? String(u.cityId) : null,
    language: u.language,
  };
}

const toHub = (h: { _id: Types.ObjectId; slug: string; name: string }): HubView => ({
  id: String(h._id),
  slug: h.slug,
  name: h.name,
});
const toCity = (c: {
  _id: Types.ObjectId;
  name: string;
  nameLatin: string;
  country: string;
  hubId: Types.ObjectId;
}): CityView => ({
  id: String(c._id),
  name: c.name,
  nameLatin: c.nameLatin,
  country: c.country,
  hubId: String(c.hubId),
});

export function capOf(group: Pick<GroupRecord, 'cap' | 'kind'>): number | null {
  return group.cap ?? DEFAULT_GROUP_CAPS[group.kind as GroupKind] ?? null;
}

/** Regions, cities, people and groups, each shown only to those who may see it. */
export class NetworkService {
  constructor(
    private readonly models: Models,
    private readonly policy: Policy,
    private readonly audit: AuditLog,
    private readonly bus: Bus,
    private readonly sessions: SessionStore,
    /** The rooms of a group, shown on its page (the rooms domain answers). */
    private readonly roomsOfGroup: (groupId: string) => Promise<{ id: string; title: string }[]>,
  ) {}

  async directory(actor: Actor): Promise<DirectoryView> {
    const standing = await this.policy.standing(actor);
    const [hubs, cities] = await Promise.all([
      this.models.Hub.find().sort({ name: 1 }).lean(),
      this.models.City.find().sort({ nameLatin: 1 }).lean(),
    ]);
    let peopleFilter: Record<string, unknown> = {};
    if (!standing.isAdmin) {
      const groups = await this.models.Group.find(visibleGroupFilter(standing)).select('_id').lean();
      const memberIds = await this.models.Membership.distinct('userId', { groupId: { $in: groups.map((g) => g._id) } });
      const staffCities = cities.filter((c) => standing.staffHubs.has(String(c.hubId))).map((c) => c._id);
      peopleFilter = {
        $or: [{ _id: { $in: [...memberIds, new Types.ObjectId(actor.id)] } }, { cityId: { $in: staffCities } }],
      };
    }
    const people = await this.models.User.find(peopleFilter).sort({ name: 1 }).limit(2000).lean<UserRecord[]>();
    return { hubs: hubs.map(toHub), cities: cities.map(toCity), people: people.map(toPerson) };
  }

  async createHub(actor: Actor, body: { name: string; slug: string }): Promise<HubView> {
    if (await this.models.Hub.exists({ slug: body.slug }))
      throw conflict('A region with this slug exists.').because('slug_taken');
    const hub = await this.models.Hub.create(body);
    return toHub(hub);
  }

  async updateHub(hubId: string, body: { name?: string; slug?: string }): Promise<HubView> {
    const hub = await this.models.Hub.findByIdAndUpdate(hubId, { $set: body }, { returnDocument: 'after' }).lean();
    if (!hub) throw notFound('Region');
    return toHub(hub);
  }

  async createCity(body: { name: string; nameLatin: string; country: string; hubId: string }): Promise<CityView> {
    return toCity(await this.models.City.create(body));
  }

  async updateCity(
    cityId: string,
    body: Partial<{ name: string; nameLatin: string; country: string; hubId: string }>,
  ): Promise<CityView> {
    if (body.hubId && !(await this.models.Hub.exists({ _id: body.hubId }))) throw badRequest('hubId: no such region');
    const city = await this.models.City.findByIdAndUpdate(cityId, { $set: body }, { returnDocument: 'after' }).lean();
    if (!city) throw notFound('City');
    return toCity(city);
  }

  async listGroups(actor: Actor): Promise<GroupSummary[]> {
    const standing = await this.policy.standing(actor);
    const groups = await this.models.Group.find(visibleGroupFilter(standing)).sort({ name: 1 }).lean<GroupRecord[]>();
    return Promise.all(groups.map((g) => this.summary(g)));
  }

  private async summary(group: GroupRecord): Promise<GroupSummary> {
    return {
      id: String(group._id),
      name: group.name,
      kind: group.kind as GroupKind,
      hubId: group.hubId ? String(group.hubId) : null,
      cap: capOf(group),
      memberCount: await this.models.Membership.countDocuments({ groupId: group._id }),
    };
  }

  async createGroup(
    actor: Actor,
    body: { name: string; kind: GroupKind; hubId: string | null; cap?: number | null },
  ): Promise<GroupSummary> {
    if (body.kind === 'advisory_group' || body.kind === 'hub_team') {
      if (!body.hubId) throw badRequest('A regional advisory group or hub team belongs to a region (hubId).');
      if (
        body.kind === 'advisory_group' &&
        (await this.models.Group.exists({ kind: 'advisory_group', hubId: body.hubId }))
      ) {
        throw conflict('This region already has a regional advisory group.').because('region_has_advisory_group');
      }
    }
    if (body.cap !== undefined && !actor.isAdmin)
      throw new AppError(403, 'forbidden', 'Only an admin can set a group cap.');
    const group = await this.models.Group.create({ ...body, cap: body.cap ?? null });
    await this.audit.record({
      actor,
      action: 'group.created',
      groupId: group._id,
      details: { name: body.name, kind: body.kind },
    });
    return this.summary(group.toObject() as GroupRecord);
  }

  /** The group's page as the viewer holding `roles` on it sees it, with what they may do there. */
  async getGroup(group: GroupRecord, roles: ReadonlySet<Role>): Promise<GroupView> {
    const memberships = await this.models.Membership.find({ groupId: group._id }).lean();
    const users = await this.models.User.find({ _id: { $in: memberships.map((m) => m.userId) } }).lean<UserRecord[]>();
    const userById = new Map(users.map((u) => [String(u._id), u]));
    const rooms = await this.roomsOfGroup(String(group._id));
    const roleOrder: Record<MembershipRole, number> = { chair: 0, member: 1, observer: 2 };
    const members = memberships
      .flatMap((m) => {
        const user = userById.get(String(m.userId));
        return user ? [{ ...toPerson(user), role: m.role as MembershipRole }] : [];
      })
      .sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name));
    const hub = group.hubId ? await this.models.Hub.findById(group.hubId).lean() : null;
    return {
      ...(await this.summary(group)),
      hub: hub ? toHub(hub) : null,
      members,
      rooms,
      abilities: this.policy.abilities(roles, 'group'),
    };
  }

  async updateGroup(
    actor: Actor,
    group: GroupRecord,
    body: { name?: string; cap?: number | null },
  ): Promise<GroupSummary> {
    if (body.cap !== undefined && body.cap !== null) {
      const count = await this.models.Membership.countDocuments({ groupId: group._id });
      if (body.cap < count)
        throw conflict(`The group has ${count} members; the cap cannot be lower.`).because('cap_below_members', {
          count,
        });
    }
    const updated = await this.models.Group.findByIdAndUpdate(
      group._id,
      { $set: body },
      { returnDocument: 'after' },
    ).lean<GroupRecord>();
    await this.audit.record({
      actor,
      action: 'group.updated',
      groupId: group._id,
      details: { name: body.name ?? null, cap: body.cap ?? null },
    });
    return this.summary(updated!);
  }

  /**
   * Adds a member within the group's cap. Without transactions the count and the
   * insert are two steps; the unique (group, user) index keeps one row per person.
   */
  async addMember(
    actor: Pick<Actor, 'id' | 'name'>,
    group: GroupRecord,
    userId: string,
    role: MembershipRole,
  ): Promise<void> {
    if (await this.models.Membership.exists({ groupId: group._id, userId })) {
      await this.changeRole(actor, group, userId, role);
      return;
    }
    const cap = capOf(group);
    const count = await this.models.Membership.countDocuments({ groupId: group._id });
    if (cap !== null && count >= cap) throw groupFull(cap);
    await this.models.Membership.create({ groupId: group._id, userId, role });
    const user = await this.models.User.findById(userId).select('name').lean();
    await this.audit.record({
      actor,
      action: 'membership.added',
      groupId: group._id,
      target: { id: userId, name: user?.name ?? '' },
      details: { role },
    });
    await this.accessChanged(userId, group);
  }

  async changeRole(
    actor: Pick<Actor, 'id' | 'name'>,
    group: GroupRecord,
    userId: string,
    role: MembershipRole,
  ): Promise<void> {
    const before = await this.models.Membership.findOneAndUpdate(
      { groupId: group._id, userId },
      { $set: { role } },
    ).lean();
    if (!before) throw notFound('Member');
    if (before.role === role) return;
    const user = await this.models.User.findById(userId).select('name').lean();
    await this.audit.record({
      actor,
      action: 'membership.role_changed',
      groupId: group._id,
      target: { id: userId, name: user?.name ?? '' },
      details: { from: before.role, to: role },
    });
    await this.accessChanged(userId, group);
  }

  async removeMember(actor: Actor, group: GroupRecord, userId: string): Promise<void> {
    const removed = await this.models.Membership.findOneAndDelete({ groupId: group._id, userId }).lean();
    if (!removed) throw notFound('Member');
    const user = await this.models.User.findById(userId).select('name').lean();
    await this.audit.record({
      actor,
      action: 'membership.removed',
      groupId: group._id,
      target: { id: userId, name: user?.name ?? '' },
      details: { role: removed.role },
    });
    await this.accessChanged(userId, group);
  }

  /** A role changed: renew the person's session ids and tell live channels at once. */
  private async accessChanged(userId: string, group: GroupRecord): Promise<void> {
    await this.sessions.markForRotation(userId);
    // a hub team's staff act on everything in their region
    const resourceIds = [String(group._id)];
    if (group.kind === 'hub_team' && group.hubId) resourceIds.push(String(group.hubId));
    this.bus.publish('access:changed', { userId, resourceIds });
  }
}

export function groupFull(cap: number): AppError {
  return new AppError(409, 'group_full', `This group is full (${cap} members). An admin can raise its cap.`);
}
