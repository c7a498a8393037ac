import { Router } from 'express';
import type { Config } from '../config.js';
import { baseUrl } from '../http/baseUrl.js';
import type { Route } from '../http/route.js';
import type { PasswordResets } from './passwordResets.js';

/** Admins issue one-time reset links; anyone holding one chooses a new password. */
export function passwordResetRoutes(route: Route, resets: PasswordResets, config: Config): Router {
  const router = Router();
  route(router, 'POST /api/users/:id/password-reset', ({ actor, params, req }) =>
    resets.issue(actor, params.id, baseUrl(config, req)),
  );
  route(router, 'POST /api/password-resets/:token', async ({ params, body }) => {
    await resets.redeem(params.token, body.password);
  });
  return router;
}
