import type { AuditLog } from '../audit/audit.service.js';
import type { AuthModels } from '../auth/models.js';
import type { NetworkModels } from '../network/network.model.js';
import type { Platform } from '../platform/platform.js';
import { DEFAULT_PLAN_CAPS, type PlanCaps } from '../../shared/plans/validate.js';
import { PlanGuard, planDocumentKind, type PlanMetaRecord } from './collab.js';
import { planModels, type PlanModels } from './plan.model.js';
import { PlansService } from './plans.service.js';
import { PlanProjector } from './projector.js';
import { planRoutes } from './routes.js';
import { registerPlanPolicy } from './scope.js';
import { PlanVersions } from './versions.service.js';
import { AUTO_VERSION_NAMES } from '../../shared/plans/versionNames.js';

export interface PlansDomain {
  models: PlanModels;
  plans: PlansService;
  versions: PlanVersions;
  guard: PlanGuard;
}

/** Semi-annual action plans: their document kind, projection, lifecycle, versions, history, review and export. */
export function registerPlans(
  platform: Platform,
  deps: { network: NetworkModels; auth: { models: Pick<AuthModels, 'User'> }; audit: AuditLog },
): PlansDomain {
  const { policy, collab, route, logger, config } = platform;
  const models = platform.registerModels(planModels);
  registerPlanPolicy(policy, models);
  const caps: PlanCaps = {
    ...DEFAULT_PLAN_CAPS,
    maxPriorities: config.plans.maxPriorities,
    maxDescriptionChars: config.plans.maxDescriptionChars,
    maxDocBytes: config.plans.maxDocBytes,
  };
  const all = { ...models, ...deps.network, User: deps.auth.models.User };
  const guard = new PlanGuard(collab);
  // a status changed through any node: every node's validator knows it (its own at once)
  platform.bus.subscribe('document:meta', ({ documentName, meta }) => {
    if (documentName.startsWith('plan-')) guard.remember(documentName, meta as unknown as PlanMetaRecord);
  });
  const versions = new PlanVersions(all, collab, guard, deps.audit);
  const projector = new PlanProjector(
    models,
    logger.child({ domain: 'plans' }),
    config.plans.checkpointMs,
    (plan, state, actor) =>
      versions.take(plan, AUTO_VERSION_NAMES.checkpoint, 'checkpoint', actor, state).then(() => undefined),
  );
  collab.registerKind(planDocumentKind(collab, policy, models, guard, caps, projector.afterStore));
  const plans = new PlansService({
    models: all,
    policy,
    audit: deps.audit,
    collab,
    guard,
    projector,
    versions,
    bus: platform.bus,
  });
  platform.registerRouter(planRoutes(route, plans, versions, all, collab));
  return { models, plans, versions, guard };
}
