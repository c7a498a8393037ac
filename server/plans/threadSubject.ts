import { notFound } from '../errors.js';
import type { PlanPlaceResolver } from '../threads/subjects.js';
import type { PlanModels } from './plan.model.js';
import { loadPlan, planResourceIds, planScope } from './scope.js';

/**
 * Where a priority's thread sits: its plan's group and region, reviewed by the steering
 * committee (so the plan's readers read and comment). A priority must be in the plan's
 * projection to get a thread; a thread already opened stays reachable by its id.
 */
export function priorityPlace(models: PlanModels): PlanPlaceResolver {
  return async (planId, priorityId, requireExisting = true) => {
    const plan = await loadPlan(models, planId).catch(() => {
      throw notFound('Thread');
    });
    const priority = plan.priorities.find((p) => p.priorityId === priorityId);
    if (priorityId !== null && requireExisting && !priority) throw notFound('Thread');
    const scope = planScope(plan);
    return {
      groupId: scope.groupId!,
      hubId: scope.hubId,
      id: scope.id!,
      committeeReviews: true,
      resourceIds: planResourceIds(plan),
      titles: { subject: priority?.title ?? '', context: plan.title },
    };
  };
}
