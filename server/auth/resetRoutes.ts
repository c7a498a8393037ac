import { Router } from 'express';
import { objectIdSchema } from '../../shared/schemas/common.js';
import { passwordResetBodySchema } from '../../shared/schemas/invitations.js';
import type { Config } from '../config.js';
import { baseUrl } from '../http/baseUrl.js';
import type { Route } from '../http/route.js';
import { parse } from '../http/validate.js';
import type { PasswordResets } from './passwordResets.js';

/** Admins issue one-time reset links; anyone holding one chooses a new password. */
export function passwordResetRoutes(route: Route, resets: PasswordResets, config: Config): Router {
  const router = Router();
  route(router, 'POST /api/users/:id/password-reset', async (req, res, { actor }) => {
    res.status(201).json(await resets.issue(actor, parse(objectIdSchema, req.params.id), baseUrl(config, req)));
  });
  route(router, 'POST /api/password-resets/:token', async (req, res) => {
    const { password } = parse(passwordResetBodySchema, req.body);
    await resets.redeem(String(req.params.token), password);
    res.status(204).end();
  });
  return router;
}
