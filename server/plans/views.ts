import { Types } from 'mongoose';
import type { PriorityState } from '../../shared/plans/doc.js';
import type {
  LastEdit,
  PersonRef,
  PlanSummary,
  PlanView,
  PriorityKind,
  PriorityStatus,
  PriorityView,
  ReviewPlan,
} from '../../shared/plans/schemas.js';
import type { AuthModels } from '../auth/models.js';
import type { NetworkModels } from '../network/network.model.js';
import type { Policy } from '../policy/policy.js';
import type { Role } from '../policy/permissions.js';
import type { LastEditRecord, PlanRecord, PriorityProjection } from './plan.model.js';

type Models = NetworkModels & Pick<AuthModels, 'User'>;

const ids = (values: Iterable<string>) => [...new Set(values)].filter((id) => Types.ObjectId.isValid(id));
const lastEdit = (e: LastEditRecord | null | undefined): LastEdit | null =>
  e?.userId ? { userId: e.userId, name: e.name, at: new Date(e.at).toISOString() } : null;

/** Names of the people, cities, groups and regions a set of plans mentions, loaded in one go. */
export class PlanNames {
  private constructor(
    readonly people: Map<string, string>,
    readonly cities: Map<string, { name: string; nameLatin: string }>,
    readonly groups: Map<string, { name: string; kind: string }>,
    readonly hubs: Map<string, string>,
  ) {}

  static async load(
    models: Models,
    input: { owners?: Iterable<string>; cities?: Iterable<string>; groups?: Iterable<string>; hubs?: Iterable<string> },
  ): Promise<PlanNames> {
    const [people, cities, groups, hubs] = await Promise.all([
      models.User.find({ _id: { $in: ids(input.owners ?? []) } })
        .select('name')
        .lean(),
      models.City.find({ _id: { $in: ids(input.cities ?? []) } })
        .select('name nameLatin')
        .lean(),
      models.Group.find({ _id: { $in: ids(input.groups ?? []) } })
        .select('name kind')
        .lean(),
      models.Hub.find({ _id: { $in: ids(input.hubs ?? []) } })
        .select('name')
        .lean(),
    ]);
    return new PlanNames(
      new Map(people.map((u) => [String(u._id), u.name])),
      new Map(cities.map((c) => [String(c._id), { name: c.name, nameLatin: c.nameLatin }])),
      new Map(groups.map((g) => [String(g._id), { name: g.name, kind: g.kind }])),
      new Map(hubs.map((h) => [String(h._id), h.name])),
    );
  }

  person(id: string): PersonRef | null {
    if (!id) return null;
    return { id, name: this.people.get(id) ?? 'former member' };
  }

  group(id: string) {
    const g = this.groups.get(id);
    return { id, name: g?.name ?? '', kind: g?.kind ?? '' };
  }

  hub(id: string | null) {
    return id ? { id, name: this.hubs.get(id) ?? '' } : null;
  }
}

/** The names a list of plans needs. */
export function namesFor(models: Models, plans: PlanRecord[], extra: PriorityState[] = []): Promise<PlanNames> {
  const priorities = plans.flatMap((p) => p.priorities);
  return PlanNames.load(models, {
    owners: [...priorities.map((p) => p.owner), ...extra.map((p) => p.owner)],
    cities: [...priorities.flatMap((p) => (p.cities ? p.cities.split(',') : [])), ...extra.flatMap((p) => p.cities)],
    groups: plans.map((p) => String(p.groupId)),
    hubs: plans.flatMap((p) => (p.hubId ? [String(p.hubId)] : [])),
  });
}

function carried(value: string): PriorityView['carriedFrom'] {
  const [planId, priorityId] = value.split(':');
  return planId && priorityId ? { planId, priorityId } : null;
}

/** A priority from the projection (or from a document state, for versions). */
export function priorityView(p: PriorityProjection | PriorityState, names: PlanNames): PriorityView {
  const id = 'priorityId' in p ? p.priorityId : p.id;
  const cities = typeof p.cities === 'string' ? (p.cities ? p.cities.split(',') : []) : p.cities;
  return {
    id,
    kind: p.kind as PriorityKind,
    title: p.title,
    description: p.description,
    status: p.status as PriorityStatus,
    owner: names.person(p.owner),
    target: p.target,
    linkedCities: cities.map((c) => ({ id: c, ...(names.cities.get(c) ?? { name: '', nameLatin: '' }) })),
    carriedFrom: p.carriedFrom ? carried(p.carriedFrom) : null,
    lastEditedBy: 'lastEditedBy' in p ? lastEdit(p.lastEditedBy) : null,
  };
}

export function planView(plan: PlanRecord, names: PlanNames, roles: ReadonlySet<Role>, policy: Policy): PlanView {
  const abilities = policy.abilities(roles, 'plan');
  return {
    id: String(plan._id),
    groupId: String(plan.groupId),
    group: names.group(String(plan.groupId)),
    hub: names.hub(plan.hubId ? String(plan.hubId) : null),
    period: plan.period,
    status: plan.status,
    documentName: plan.documentName,
    title: plan.title,
    intro: plan.intro,
    priorities: plan.priorities.map((p) => priorityView(p, names)),
    abilities,
    writable: abilities.edit && plan.status !== 'adopted',
    lastEditedBy: lastEdit(plan.lastEditedBy),
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

export function planSummary(plan: PlanRecord): PlanSummary {
  return {
    id: String(plan._id),
    groupId: String(plan.groupId),
    period: plan.period,
    status: plan.status,
    title: plan.title,
    documentName: plan.documentName,
    priorityCount: plan.priorities.length,
    updatedAt: plan.updatedAt.toISOString(),
  };
}

export function reviewPlan(plan: PlanRecord, names: PlanNames): ReviewPlan {
  return {
    id: String(plan._id),
    period: plan.period,
    status: plan.status,
    title: plan.title,
    group: names.group(String(plan.groupId)),
    hub: names.hub(plan.hubId ? String(plan.hubId) : null),
    priorities: plan.priorities.map((p) => ({
      id: p.priorityId,
      kind: p.kind as PriorityKind,
      title: p.title,
      status: p.status as PriorityStatus,
      owner: names.person(p.owner),
      target: p.target,
      commentCount: 0,
      unresolved: false,
    })),
  };
}
