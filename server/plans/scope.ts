import { Types } from 'mongoose';
import { objectIdSchema } from '../../shared/schemas/common.js';
import { notFound } from '../errors.js';
import { scopedRecord } from '../http/route.js';
import { parse } from '../http/validate.js';
import type { Policy, Scope, Standing } from '../policy/policy.js';
import type { PlanModels, PlanRecord } from './plan.model.js';

/** A plan as the policy sees it: its group's members, its region's hub staff, and the steering committee (read). */
export function planScope(plan: PlanRecord): Scope<PlanRecord> {
  return {
    kind: 'plan',
    id: String(plan._id),
    groupId: String(plan.groupId),
    hubId: plan.hubId ? String(plan.hubId) : null,
    record: plan,
    committeeReviews: true,
  };
}

/** The ids whose access changes concern a live connection to this plan's document. */
export function planResourceIds(plan: PlanRecord): string[] {
  return [String(plan._id), String(plan.groupId), ...(plan.hubId ? [String(plan.hubId)] : [])];
}

export const scopedPlan = (ctx: { scope: Scope | null }) => scopedRecord<PlanRecord>(ctx, 'plan');

export async function loadPlan(models: PlanModels, planId: string): Promise<PlanRecord> {
  const plan = Types.ObjectId.isValid(planId) ? await models.Plan.findById(planId).lean<PlanRecord>() : null;
  if (!plan) throw notFound('Plan');
  return plan;
}

export function registerPlanPolicy(policy: Policy, models: PlanModels): void {
  policy.registerScope('plan:param', async ({ params }) =>
    planScope(await loadPlan(models, parse(objectIdSchema, params.id))),
  );
}

/** Filter for the plans an actor may see: steering committee members and admins see all. */
export function visiblePlanFilter(standing: Standing): Record<string, unknown> {
  if (standing.isAdmin || standing.committee) return {};
  return {
    $or: [
      { groupId: { $in: [...standing.groupRoles.keys()].map((id) => new Types.ObjectId(id)) } },
      { hubId: { $in: [...standing.staffHubs].map((id) => new Types.ObjectId(id)) } },
    ],
  };
}
