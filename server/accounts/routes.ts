import { Router } from 'express';
import type { Config } from '../config.js';
import type { Route } from '../http/route.js';
import { clearSessionCookie } from '../auth/cookies.js';
import { AppError, rateLimited } from '../errors.js';
import { tokenFromRequest } from '../http/authenticate.js';
import { RateLimiter } from '../http/rateLimit.js';
import type { AccountService } from './account.service.js';

/** A person's own data, and the admin's account tools. */
export function accountRoutes(route: Route, accounts: AccountService, config: Config): Router {
  const router = Router();
  const wrongPasswords = new RateLimiter(config.login.maxFailuresPerAccount, config.login.windowMs);
  route(router, 'GET /api/me/export', async ({ actor, res }) => {
    const data = await accounts.export(actor);
    res.set('Content-Disposition', `attachment; filename="roundtable-export-${actor.id}.json"`);
    return data;
  });
  route(router, 'POST /api/me/delete', async ({ actor, body: { password, erase }, res }) => {
    // someone holding a session must not be able to guess its password here either
    const wait = wrongPasswords.retryAfter(actor.id);
    if (wait) throw rateLimited(`Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minutes.`, wait);
    // reserved before the password is checked, so parallel guesses count too
    wrongPasswords.hit(actor.id);
    try {
      await accounts.deleteOwn(actor, password, erase);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'forbidden')) wrongPasswords.release(actor.id);
      throw error;
    }
    clearSessionCookie(res, config.cookieSecure);
  });
  route(router, 'POST /api/me/password', async ({ actor, body: { current, password }, req }) => {
    const wait = wrongPasswords.retryAfter(actor.id);
    if (wait) throw rateLimited(`Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minutes.`, wait);
    try {
      await accounts.changeOwnPassword(actor, current, password, tokenFromRequest(req) ?? '');
    } catch (error) {
      if (error instanceof AppError && error.code === 'forbidden') wrongPasswords.hit(actor.id);
      throw error;
    }
  });
  route(router, 'GET /api/users', async () => ({ users: await accounts.listUsers() }));
  route(router, 'GET /api/erasure-requests', async () => ({ requests: await accounts.listErasureRequests() }));
  route(router, 'POST /api/users/:id/erase', ({ actor, params }) => accounts.erase(actor, params.id));
  return router;
}
