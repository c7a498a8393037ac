import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type * as Y from 'yjs';
import type { Bus } from '../realtime/bus.js';
import { planMeta, planPriorities, planTitle, readPlan } from '../../shared/plans/doc.js';
import {
  PLAN_TRANSITIONS,
  UNFINISHED_STATUSES,
  type PlanCreateBody,
  type PlanHistoryEntry,
  type PlanStatusBody,
  type PlanSummary,
  type PlanView,
  type PriorityStatus,
  type ReviewPlan,
} from '../../shared/plans/schemas.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuthModels } from '../auth/models.js';
import type { CollabServer } from '../collab/server.js';
import { conflict } from '../errors.js';
import type { GroupRecord, NetworkModels } from '../network/network.model.js';
import type { Role } from '../policy/permissions.js';
import type { Actor, Policy } from '../policy/policy.js';
import { metaOf, type PlanGuard } from './collab.js';
import type { PlanModels, PlanRecord } from './plan.model.js';
import type { PlanProjector } from './projector.js';
import { carryPriority, docFrom } from './restore.js';
import { loadPlan, visiblePlanFilter } from './scope.js';
import type { PlanVersions } from './versions.service.js';
import { namesFor, planSummary, planView, reviewPlan } from './views.js';
import { AUTO_VERSION_NAMES } from '../../shared/plans/versionNames.js';

export interface PlansDeps {
  models: PlanModels & NetworkModels & Pick<AuthModels, 'User'>;
  policy: Policy;
  audit: AuditLog;
  collab: CollabServer;
  guard: PlanGuard;
  projector: PlanProjector;
  versions: PlanVersions;
  bus: Bus;
}

const HISTORY_PAGE = 50;

/** Action plans: starting a period, the lifecycle, views for REST and the steering committee's review. */
export class PlansService {
  constructor(private readonly deps: PlansDeps) {}

  /** The plan as its projection holds it, once every stored change is projected. */
  async view(planId: string, roles: ReadonlySet<Role>): Promise<PlanView> {
    const { models, policy, projector } = this.deps;
    const existing = await loadPlan(models, planId);
    await projector.idle(existing.documentName);
    const plan = await loadPlan(models, planId);
    return planView(plan, await namesFor(models, [plan]), roles, policy);
  }

  async listForGroup(groupId: string): Promise<PlanSummary[]> {
    const plans = await this.deps.models.Plan.find({ groupId: new Types.ObjectId(groupId) })
      .sort({ period: -1 })
      .lean<PlanRecord[]>();
    return plans.map(planSummary);
  }

  /** Every plan of a period the actor may see (the steering committee sees all regions'). */
  async listForPeriod(actor: Actor, period: string): Promise<ReviewPlan[]> {
    const { models, policy } = this.deps;
    const standing = await policy.standing(actor);
    const plans = await models.Plan.find({ period, ...visiblePlanFilter(standing) })
      .sort({ _id: 1 })
      .lean<PlanRecord[]>();
    const names = await namesFor(models, plans);
    return plans
      .map((plan) => reviewPlan(plan, names))
      .sort(
        (a, b) => (a.hub?.name ?? '~').localeCompare(b.hub?.name ?? '~') || a.group.name.localeCompare(b.group.name),
      );
  }

  /** Starts a group's plan for a period; with carryOver, copies the previous plan's unfinished priorities. */
  async create(actor: Actor, group: GroupRecord, body: PlanCreateBody, roles: ReadonlySet<Role>): Promise<PlanView> {
    const { models, guard, audit, versions, collab } = this.deps;
    if (await models.Plan.exists({ groupId: group._id, period: body.period }))
      throw conflict(`This group already has a plan for ${body.period}.`).because('plan_exists', {
        period: body.period,
      });
    const previous = body.carryOver
      ? await models.Plan.findOne({ groupId: group._id, period: { $lt: body.period } })
          .sort({ period: -1 })
          .lean<PlanRecord>()
      : null;
    const _id = new Types.ObjectId();
    const title = body.title ?? `${group.name} — ${body.period.replace('-', ' ')}`;
    let plan: PlanRecord;
    try {
      plan = (
        await models.Plan.create({
          _id,
          groupId: group._id,
          hubId: group.hubId ?? null,
          period: body.period,
          status: 'draft',
          documentName: `plan-${String(_id)}`,
          title,
          createdBy: actor.id,
        })
      ).toObject() as PlanRecord;
    } catch (error) {
      if ((error as { code?: number }).code === 11000)
        throw conflict(`This group already has a plan for ${body.period}.`).because('plan_exists', {
          period: body.period,
        });
      throw error;
    }
    const earlier = previous ? docFrom(await collab.state(previous.documentName)) : null;
    guard.remember(plan.documentName, metaOf(plan));
    await guard.write(
      plan.documentName,
      (doc) => {
        const meta = planMeta(doc);
        for (const [key, value] of Object.entries(metaOf(plan))) meta.set(key, value);
        planTitle(doc).insert(0, title);
        if (!earlier || !previous) return;
        for (const p of readPlan(earlier).priorities) {
          if (!UNFINISHED_STATUSES.includes(p.status as PriorityStatus)) continue;
          const source = planPriorities(earlier).get(p.id)!;
          carryPriority(doc, source, randomUUID(), `${String(previous._id)}:${p.id}`);
        }
      },
      { kind: 'server', reason: 'plan started', actor },
    );
    earlier?.destroy();
    await versions.take(plan, AUTO_VERSION_NAMES.created, 'created', actor);
    await audit.record({
      actor,
      action: 'plan.created',
      target: { id: String(plan._id), name: title },
      groupId: group._id,
      details: { period: body.period, carriedOver: Boolean(previous) },
    });
    return this.view(String(plan._id), roles);
  }

  /** draft → review → adopted, review → draft: audit-logged, a named version, live in `meta.status`. */
  async setStatus(actor: Actor, plan: PlanRecord, body: PlanStatusBody, roles: ReadonlySet<Role>): Promise<PlanView> {
    const { models, guard, audit, versions } = this.deps;
    if (!PLAN_TRANSITIONS[plan.status].includes(body.status))
      throw conflict(`A plan cannot move from ${plan.status} to ${body.status}.`).because('plan_status');
    const moved = await this.deps.projector.exclusive(plan.documentName, () =>
      models.Plan.findOneAndUpdate(
        { _id: plan._id, status: plan.status },
        { $set: { status: body.status } },
        { returnDocument: 'after' },
      ).lean<PlanRecord>(),
    );
    if (!moved) throw conflict('The plan changed meanwhile; reload it.').because('plan_changed');
    // every node's validator knows the new status before the document does: from now on clients may not write an adopted plan
    this.deps.bus.publish('document:meta', {
      documentName: plan.documentName,
      meta: metaOf(moved) as unknown as Record<string, string>,
    });
    await guard.write(plan.documentName, (doc) => planMeta(doc).set('status', body.status), {
      kind: 'server',
      reason: `plan ${body.status}`,
      actor,
    });
    await versions.take(moved, body.note || AUTO_VERSION_NAMES.status(body.status), 'status', actor);
    await models.PlanHistory.create({
      planId: plan._id,
      userId: actor.id,
      userName: actor.name,
      action: 'status',
      detail: body.status,
      at: new Date(),
    });
    await audit.record({
      actor,
      action: 'plan.status_changed',
      target: { id: String(plan._id), name: plan.title },
      groupId: plan.groupId,
      details: { period: plan.period, from: plan.status, status: body.status },
    });
    return this.view(String(plan._id), roles);
  }

  /** Newest first, 50 a page; `before` is the oldest entry id already shown. */
  async history(plan: PlanRecord, before?: string): Promise<PlanHistoryEntry[]> {
    const { models, projector } = this.deps;
    await projector.idle(plan.documentName);
    const rows = await models.PlanHistory.find({
      planId: plan._id,
      ...(before ? { _id: { $lt: new Types.ObjectId(before) } } : {}),
    })
      .sort({ _id: -1 })
      .limit(HISTORY_PAGE)
      .lean();
    return rows.map((r) => ({
      id: String(r._id),
      user: r.userId ? { id: r.userId, name: r.userName } : null,
      priorityId: r.priorityId ?? null,
      priorityTitle: r.priorityTitle ?? null,
      action: r.action as PlanHistoryEntry['action'],
      detail: r.detail ?? null,
      at: r.at.toISOString(),
    }));
  }

  /** The live document's state (for export and diffs against "current"). */
  async current(plan: PlanRecord): Promise<Y.Doc> {
    return docFrom(await this.deps.collab.state(plan.documentName));
  }
}
