import { Router } from 'express';
import type { Config } from '../config.js';
import { baseUrl } from '../http/baseUrl.js';
import { rateLimited } from '../errors.js';
import type { FailureLimiters } from '../http/limits.js';
import type { Route } from '../http/route.js';
import type { PasswordResets } from './passwordResets.js';

/** Emailed links someone may ask for: per address, and per network address (a venue shares one). */
const PER_EMAIL = { count: 3, windowMs: 60 * 60_000 };
const PER_IP = { count: 30, windowMs: 60 * 60_000 };

/**
 * Admins issue one-time reset links; a person who forgot their password asks for one by email
 * (when mail is configured); anyone holding one chooses a new password.
 */
export function passwordResetRoutes(
  route: Route,
  resets: PasswordResets,
  config: Config,
  limiters: FailureLimiters,
): Router {
  const router = Router();
  const perEmail = limiters('reset-email', PER_EMAIL.count, PER_EMAIL.windowMs);
  const perIp = limiters('reset-ip', PER_IP.count, PER_IP.windowMs);
  route(router, 'GET /api/auth/password-help', () => ({ byEmail: resets.byEmail }));
  route(router, 'POST /api/password-resets', async ({ body: { email }, req }) => {
    const ip = req.ip ?? 'unknown';
    const wait = Math.max(await perIp.reserve(ip), await perEmail.reserve(email));
    if (wait)
      throw rateLimited(`Too many requests for a reset link. Try again in ${Math.ceil(wait / 60)} minutes.`, wait);
    resets.requestByEmail(email, baseUrl(config, req));
    return { byEmail: resets.byEmail };
  });
  route(router, 'POST /api/users/:id/password-reset', ({ actor, params, req }) =>
    resets.issue(actor, params.id, baseUrl(config, req)),
  );
  route(router, 'POST /api/password-resets/:token', async ({ params, body }) => {
    await resets.redeem(params.token, body.password);
  });
  return router;
}
