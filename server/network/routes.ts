import { Router } from 'express';
import type { Route } from '../http/route.js';
import type { Policy } from '../policy/policy.js';
import type { NetworkService } from './network.service.js';
import { groupScope, hubScope, scopedGroup } from './scope.js';

export function networkRoutes(route: Route, network: NetworkService, policy: Policy): Router {
  const router = Router();

  route(router, 'GET /api/directory', ({ actor }) => network.directory(actor));
  route(router, 'POST /api/hubs', async ({ actor, body }) => ({ hub: await network.createHub(actor, body) }));
  route(router, 'PATCH /api/hubs/:id', async ({ params, body }) => ({ hub: await network.updateHub(params.id, body) }));
  route(router, 'POST /api/cities', async ({ body }) => ({ city: await network.createCity(body) }));
  route(router, 'PATCH /api/cities/:id', async ({ actor, params, body }) => {
    // moving a city to another region needs the right to manage that region too
    if (body.hubId) await policy.authorize(actor, 'hub.manage', hubScope(body.hubId));
    return { city: await network.updateCity(params.id, body) };
  });

  route(router, 'GET /api/groups', async ({ actor }) => ({ groups: await network.listGroups(actor) }));
  route(router, 'POST /api/groups', async ({ actor, body }) => ({ group: await network.createGroup(actor, body) }));
  route(router, 'GET /api/groups/:id', async (ctx) => ({ group: await network.getGroup(scopedGroup(ctx), ctx.roles) }));
  route(router, 'PATCH /api/groups/:id', async (ctx) => {
    const { body, actor } = ctx;
    const group = scopedGroup(ctx);
    if (body.cap !== undefined) await policy.authorize(actor, 'group.setCap', groupScope(group));
    return { group: await network.updateGroup(actor, group, body) };
  });
  route(router, 'PATCH /api/groups/:id/members/:userId', async (ctx) => {
    await network.changeRole(ctx.actor, scopedGroup(ctx), ctx.params.userId, ctx.body.role);
  });
  route(router, 'DELETE /api/groups/:id/members/:userId', async (ctx) => {
    await network.removeMember(ctx.actor, scopedGroup(ctx), ctx.params.userId);
  });
  return router;
}
