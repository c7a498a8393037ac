import { Router } from 'express';
import {
  cityBodySchema,
  cityPatchSchema,
  groupBodySchema,
  groupPatchSchema,
  hubBodySchema,
  hubPatchSchema,
  memberRoleSchema,
} from '../../shared/schemas/network.js';
import { objectIdSchema } from '../../shared/schemas/common.js';
import type { Route } from '../http/route.js';
import { parse } from '../http/validate.js';
import type { Policy } from '../policy/policy.js';
import type { NetworkService } from './network.service.js';
import { groupScope, hubScope, scopedGroup } from './scope.js';

export function networkRoutes(route: Route, network: NetworkService, policy: Policy): Router {
  const router = Router();

  route(router, 'GET /api/directory', async (_req, res, { actor }) => {
    res.json(await network.directory(actor));
  });
  route(router, 'POST /api/hubs', async (req, res, { actor }) => {
    res.status(201).json({ hub: await network.createHub(actor, parse(hubBodySchema, req.body)) });
  });
  route(router, 'PATCH /api/hubs/:id', async (req, res) => {
    res.json({ hub: await network.updateHub(parse(objectIdSchema, req.params.id), parse(hubPatchSchema, req.body)) });
  });
  route(router, 'POST /api/cities', async (req, res) => {
    res.status(201).json({ city: await network.createCity(parse(cityBodySchema, req.body)) });
  });
  route(router, 'PATCH /api/cities/:id', async (req, res, { actor }) => {
    const body = parse(cityPatchSchema, req.body);
    // moving a city to another region needs the right to manage that region too
    if (body.hubId) await policy.authorize(actor, 'hub.manage', hubScope(body.hubId));
    res.json({ city: await network.updateCity(parse(objectIdSchema, req.params.id), body) });
  });

  route(router, 'GET /api/groups', async (_req, res, { actor }) => {
    res.json({ groups: await network.listGroups(actor) });
  });
  route(router, 'POST /api/groups', async (req, res, { actor }) => {
    res.status(201).json({ group: await network.createGroup(actor, parse(groupBodySchema, req.body)) });
  });
  route(router, 'GET /api/groups/:id', async (_req, res, ctx) => {
    const { roles } = ctx;
    const can = {
      manage: policy.can(roles, 'group.manage'),
      invite: policy.can(roles, 'group.invite'),
      readAudit: policy.can(roles, 'group.audit'),
      createRoom: policy.can(roles, 'group.createRoom'),
    };
    res.json({ group: await network.getGroup(scopedGroup(ctx), can) });
  });
  route(router, 'PATCH /api/groups/:id', async (req, res, ctx) => {
    const body = parse(groupPatchSchema, req.body);
    const group = scopedGroup(ctx);
    if (body.cap !== undefined) await policy.authorize(ctx.actor, 'group.setCap', groupScope(group));
    res.json({ group: await network.updateGroup(ctx.actor, group, body) });
  });
  route(router, 'PATCH /api/groups/:id/members/:userId', async (req, res, ctx) => {
    const { role } = parse(memberRoleSchema, req.body);
    await network.changeRole(ctx.actor, scopedGroup(ctx), parse(objectIdSchema, req.params.userId), role);
    res.status(204).end();
  });
  route(router, 'DELETE /api/groups/:id/members/:userId', async (req, res, ctx) => {
    await network.removeMember(ctx.actor, scopedGroup(ctx), parse(objectIdSchema, req.params.userId));
    res.status(204).end();
  });
  return router;
}
