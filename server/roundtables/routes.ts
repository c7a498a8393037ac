import { Router } from 'express';
import type { CollabServer } from '../collab/server.js';
import { storedCopy } from '../collab/storedCopy.js';
import { notFound } from '../errors.js';
import type { Route } from '../http/route.js';
import { baseUrl } from '../http/baseUrl.js';
import type { Config } from '../config.js';
import { scopedGroup } from '../network/scope.js';
import { roundtableIcs } from './ics.js';
import { minutesMarkdown, type Minutes } from './minutes.js';
import type { Policy } from '../policy/policy.js';
import type { RoundtableInvites } from './invites.js';
import type { RoundtablesService } from './roundtables.service.js';
import { scopedRoundtable } from './scope.js';

export function roundtableRoutes(
  route: Route,
  {
    roundtables,
    minutes,
    invites,
    collab,
  }: {
    roundtables: RoundtablesService;
    minutes: Minutes;
    invites: RoundtableInvites;
    collab: Pick<CollabServer, 'state'>;
  },
  policy: Policy,
  config: Config,
): Router {
  const router = Router();
  route(router, 'GET /api/roundtables', async ({ actor }) => ({ roundtables: await roundtables.upcoming(actor) }));
  route(router, 'POST /api/groups/:id/roundtables', async (ctx) => {
    const created = await roundtables.schedule(ctx.actor, scopedGroup(ctx), ctx.body);
    invites.send(created, baseUrl(config, ctx.req), 'scheduled');
    const roles = new Set([
      ...ctx.roles,
      ...(created.facilitators.some((f) => String(f) === ctx.actor.id) ? (['facilitator'] as const) : []),
    ]);
    return { roundtable: await roundtables.view(ctx.actor, created, roles) };
  });
  route(router, 'GET /api/roundtables/:id', async (ctx) => ({
    roundtable: await roundtables.view(ctx.actor, scopedRoundtable(ctx), ctx.roles),
  }));
  route(router, 'PATCH /api/roundtables/:id', async (ctx) => {
    const before = scopedRoundtable(ctx);
    const updated = await roundtables.update(ctx.actor, before, ctx.body);
    // a new time (or length) is a new invite: same UID, higher SEQUENCE
    if (updated.sequence !== before.sequence) invites.send(updated, baseUrl(config, ctx.req), 'moved');
    return { roundtable: await roundtables.view(ctx.actor, updated, ctx.roles) };
  });
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
  route(router, 'GET /api/roundtables/:id/notes', async (ctx) => {
    const name = scopedRoundtable(ctx).sessions[ctx.query.session]?.notesDocument;
    if (!name) throw notFound('Notes');
    return storedCopy(collab, ctx.res, name);
  });
  route(router, 'GET /api/roundtables/:id/minutes', async (ctx) => ({
    minutes: await minutes.view(
      scopedRoundtable(ctx),
      ctx.query.session,
      policy.can(ctx.roles, 'roundtable.facilitate'),
    ),
  }));
  route(router, 'GET /api/roundtables/:id/minutes.md', async (ctx) => {
    const view = await minutes.view(scopedRoundtable(ctx), ctx.query.session, false);
    ctx.res.set('Content-Disposition', `attachment; filename="minutes-${view.roundtableId}-${view.language}.md"`);
    const base = baseUrl(config, ctx.req);
    return minutesMarkdown(view, ctx.query.lang).replace(`/rooms/${view.roomId}`, `${base}/rooms/${view.roomId}`);
  });
  route(router, 'POST /api/roundtables/:id/decisions/priority', async (ctx) => ({
    priorityId: await minutes.toPriority(ctx.actor, scopedRoundtable(ctx), ctx.body),
  }));
  return router;
}
