import { Router, type Request } from 'express';
import {
  acceptInvitationBodySchema,
  groupInvitationBodySchema,
  roomInvitationBodySchema,
} from '../../shared/schemas/invitations.js';
import { objectIdSchema } from '../../shared/schemas/rooms.js';
import { startSession } from '../auth/cookies.js';
import { toMe } from '../auth/routes.js';
import type { SessionStore } from '../auth/sessions.js';
import type { UserDoc } from '../auth/user.model.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { scopedGroup, scopedRoom, type Route } from '../http/route.js';
import { parse } from '../http/validate.js';
import type { InvitationsService } from './invitations.service.js';

export function baseUrl(config: Config, req: Request): string {
  return config.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;
}

export function invitationRoutes(
  route: Route,
  deps: { invitations: InvitationsService; sessions: SessionStore; models: Models; config: Config },
): Router {
  const { invitations, sessions, models, config } = deps;
  const router = Router();

  route(router, 'GET /api/groups/:id/invitations', async (_req, res, ctx) => {
    res.json({ invitations: await invitations.listForGroup(scopedGroup(ctx)) });
  });
  route(router, 'POST /api/groups/:id/invitations', async (req, res, ctx) => {
    const { email, role, resend } = parse(groupInvitationBodySchema, req.body);
    res
      .status(201)
      .json(await invitations.createForGroup(ctx.actor, scopedGroup(ctx), email, role, baseUrl(config, req), resend));
  });
  route(router, 'POST /api/rooms/:id/invitations', async (req, res, ctx) => {
    const { email, resend } = parse(roomInvitationBodySchema, req.body);
    res
      .status(201)
      .json(await invitations.createForRoom(ctx.actor, scopedRoom(ctx), email, baseUrl(config, req), resend));
  });
  route(router, 'DELETE /api/invitations/:id', async (req, res, { actor }) => {
    await invitations.revoke(actor, parse(objectIdSchema, req.params.id));
    res.status(204).end();
  });
  route(router, 'GET /api/invitations/:token', async (req, res) => {
    res.json({ invitation: await invitations.preview(String(req.params.token)) });
  });
  route(router, 'POST /api/invitations/:token/accept', async (req, res, { actor }) => {
    const body = parse(acceptInvitationBodySchema, req.body);
    const result = await invitations.accept(String(req.params.token), actor, body);
    // accepting changes what this person may do: always continue on a new session id
    await startSession(req, res, sessions, result.userId, config.cookieSecure);
    const user = await models.User.findById(result.userId).lean<UserDoc>();
    res.json({ user: toMe(user!), roomId: result.roomId, groupId: result.groupId });
  });
  return router;
}
