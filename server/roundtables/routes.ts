import { Router } from 'express';
import type { Route } from '../http/route.js';
import { baseUrl } from '../http/baseUrl.js';
import type { Config } from '../config.js';
import { scopedGroup } from '../network/scope.js';
import { roundtableIcs } from './ics.js';
import type { RoundtablesService } from './roundtables.service.js';
import { scopedRoundtable } from './scope.js';

export function roundtableRoutes(route: Route, roundtables: RoundtablesService, config: Config): Router {
  const router = Router();
  route(router, 'GET /api/roundtables', async ({ actor }) => ({ roundtables: await roundtables.upcoming(actor) }));
  route(router, 'POST /api/groups/:id/roundtables', async (ctx) => {
    const created = await roundtables.schedule(ctx.actor, scopedGroup(ctx), ctx.body);
    const roles = new Set([
      ...ctx.roles,
      ...(created.facilitators.some((f) => String(f) === ctx.actor.id) ? (['facilitator'] as const) : []),
    ]);
    return { roundtable: await roundtables.view(ctx.actor, created, roles) };
  });
  route(router, 'GET /api/roundtables/:id', async (ctx) => ({
    roundtable: await roundtables.view(ctx.actor, scopedRoundtable(ctx), ctx.roles),
  }));
  route(router, 'PATCH /api/roundtables/:id', async (ctx) => ({
    roundtable: await roundtables.view(
      ctx.actor,
      await roundtables.update(ctx.actor, scopedRoundtable(ctx), ctx.body),
      ctx.roles,
    ),
  }));
  route(router, 'POST /api/roundtables/:id/rsvp', async (ctx) => {
    await roundtables.rsvp(ctx.actor, scopedRoundtable(ctx), ctx.body.answer);
    return { roundtable: await roundtables.view(ctx.actor, scopedRoundtable(ctx), ctx.roles) };
  });
  route(router, 'GET /api/roundtables/:id/invite.ics', (ctx) => {
    const roundtable = scopedRoundtable(ctx);
    const base = baseUrl(config, ctx.req);
    ctx.res.set('Content-Disposition', `attachment; filename="roundtable-${String(roundtable._id)}.ics"`);
    return roundtableIcs(roundtable, `${base}/roundtables/${String(roundtable._id)}`, new URL(base).hostname);
  });
  return router;
}
