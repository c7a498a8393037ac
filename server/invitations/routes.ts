import { Router } from 'express';
import { baseUrl } from '../http/baseUrl.js';
import { startSession } from '../auth/cookies.js';
import { toMe } from '../auth/routes.js';
import type { SessionStore } from '../auth/sessions.js';
import type { UserDoc } from '../auth/user.model.js';
import type { Config } from '../config.js';
import type { AuthModels as Models } from '../auth/models.js';
import type { Route } from '../http/route.js';
import { scopedGroup } from '../network/scope.js';
import { scopedRoom } from '../rooms/scope.js';
import type { InvitationsService } from './invitations.service.js';

export function invitationRoutes(
  route: Route,
  deps: { invitations: InvitationsService; sessions: SessionStore; models: Models; config: Config },
): Router {
  const { invitations, sessions, models, config } = deps;
  const router = Router();

  route(router, 'GET /api/groups/:id/invitations', async (ctx) => ({
    invitations: await invitations.listForGroup(scopedGroup(ctx)),
  }));
  route(router, 'POST /api/groups/:id/invitations', (ctx) => {
    const { email, role, resend } = ctx.body;
    return invitations.createForGroup(ctx.actor, scopedGroup(ctx), email, role, baseUrl(config, ctx.req), resend);
  });
  route(router, 'POST /api/rooms/:id/invitations', (ctx) =>
    invitations.createForRoom(ctx.actor, scopedRoom(ctx), ctx.body.email, baseUrl(config, ctx.req), ctx.body.resend),
  );
  route(router, 'DELETE /api/invitations/:id', async ({ actor, params }) => {
    await invitations.revoke(actor, params.id);
  });
  route(router, 'GET /api/invitations/:token', async ({ params }) => ({
    invitation: await invitations.preview(params.token),
  }));
  route(router, 'POST /api/invitations/:token/accept', async ({ actor, params, body, req, res }) => {
    const result = await invitations.accept(params.token, actor, body);
    // accepting changes what this person may do: always continue on a new session id
    await startSession(req, res, sessions, result.userId, config.cookieSecure);
    const user = await models.User.findById(result.userId).lean<UserDoc>();
    return { user: toMe(user!), roomId: result.roomId, groupId: result.groupId };
  });
  return router;
}
