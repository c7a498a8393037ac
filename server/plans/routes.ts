import { Router } from 'express';
import type { CollabServer } from '../collab/server.js';
import { storedCopy } from '../collab/storedCopy.js';
import type { Route } from '../http/route.js';
import { scopedGroup } from '../network/scope.js';
import { planMarkdown } from './markdown.js';
import type { PlansService } from './plans.service.js';
import { scopedPlan } from './scope.js';
import type { PlanVersions } from './versions.service.js';
import { namesFor } from './views.js';
import type { NetworkModels } from '../network/network.model.js';
import type { AuthModels } from '../auth/models.js';
import { readPlan } from '../../shared/plans/doc.js';

export function planRoutes(
  route: Route,
  plans: PlansService,
  versions: PlanVersions,
  models: NetworkModels & Pick<AuthModels, 'User'>,
  collab: Pick<CollabServer, 'state'>,
): Router {
  const router = Router();
  route(router, 'GET /api/plans', async ({ actor, query }) => ({
    plans: await plans.listForPeriod(actor, query.period),
  }));
  route(router, 'GET /api/plans/:id', async (ctx) => ({ plan: await plans.view(ctx.params.id, ctx.roles) }));
  route(router, 'GET /api/plans/:id/document', (ctx) => storedCopy(collab, ctx.res, scopedPlan(ctx).documentName));
  route(router, 'GET /api/groups/:id/plans', async (ctx) => ({ plans: await plans.listForGroup(ctx.params.id) }));
  route(router, 'POST /api/groups/:id/plans', async (ctx) => ({
    plan: await plans.create(ctx.actor, scopedGroup(ctx), ctx.body, ctx.roles),
  }));
  route(router, 'POST /api/plans/:id/status', async (ctx) => ({
    plan: await plans.setStatus(ctx.actor, scopedPlan(ctx), ctx.body, ctx.roles),
  }));
  route(router, 'GET /api/plans/:id/versions', async (ctx) => ({ versions: await versions.list(scopedPlan(ctx)) }));
  route(router, 'POST /api/plans/:id/versions', async (ctx) => ({
    version: await versions.take(scopedPlan(ctx), ctx.body.name, 'named', ctx.actor),
  }));
  route(router, 'GET /api/plans/:id/versions/:versionId', async (ctx) => ({
    version: await versions.view(scopedPlan(ctx), ctx.params.versionId),
  }));
  route(router, 'POST /api/plans/:id/versions/:versionId/restore', async (ctx) => {
    await versions.restore(ctx.actor, scopedPlan(ctx), ctx.params.versionId);
    return { plan: await plans.view(ctx.params.id, ctx.roles) };
  });
  route(router, 'GET /api/plans/:id/diff', async (ctx) => ({
    diff: await versions.diff(scopedPlan(ctx), ctx.query.from, ctx.query.to),
  }));
  route(router, 'GET /api/plans/:id/history', async (ctx) => ({
    entries: await plans.history(scopedPlan(ctx), ctx.query.before),
  }));
  route(router, 'GET /api/plans/:id/export.md', async (ctx) => {
    const plan = scopedPlan(ctx);
    const doc = await plans.current(plan);
    try {
      const names = await namesFor(models, [plan], readPlan(doc).priorities);
      const groupName = names.group(String(plan.groupId)).name;
      ctx.res.set('Content-Disposition', `attachment; filename="plan-${plan.period}.md"`);
      return planMarkdown(doc, { period: plan.period, status: plan.status, groupName }, names, ctx.query.lang);
    } finally {
      doc.destroy();
    }
  });
  return router;
}
