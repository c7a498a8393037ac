import { Router } from 'express';
import type { Config } from '../config.js';
import type { Route } from '../http/route.js';
import { clearSessionCookie } from '../auth/cookies.js';
import { AppError, rateLimited } from '../errors.js';
import { tokenFromRequest } from '../http/authenticate.js';
import type { FailureLimiters } from '../http/limits.js';
import type { AccountService } from './account.service.js';

/** A person's own data, and the admin's account tools. */
export function accountRoutes(
  route: Route,
  accounts: AccountService,
  config: Config,
  limiters: FailureLimiters,
): Router {
  const router = Router();
  const wrongPasswords = limiters('password-check', config.login.maxFailuresPerAccount, config.login.windowMs);
  /** Runs a check of the person's password, counting it before it runs so parallel guesses count too. */
  const guarded = async (actor: { id: string }, check: () => Promise<void>) => {
    const wait = await wrongPasswords.reserve(actor.id);
    if (wait) throw rateLimited(`Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minutes.`, wait);
    try {
      await check();
    } catch (error) {
      // only a wrong password counts
      if (!(error instanceof AppError && error.code === 'forbidden')) await wrongPasswords.release(actor.id);
      throw error;
    }
    await wrongPasswords.release(actor.id);
  };
  route(router, 'GET /api/me/export', async ({ actor, res }) => {
    const data = await accounts.export(actor);
    res.set('Content-Disposition', `attachment; filename="roundtable-export-${actor.id}.json"`);
    return data;
  });
  route(router, 'POST /api/me/delete', async ({ actor, body: { password, erase }, res }) => {
    // someone holding a session must not be able to guess its password here either
    await guarded(actor, () => accounts.deleteOwn(actor, password, erase));
    clearSessionCookie(res, config.cookieSecure);
  });
  route(router, 'POST /api/me/password', async ({ actor, body: { current, password }, req }) => {
    await guarded(actor, () => accounts.changeOwnPassword(actor, current, password, tokenFromRequest(req) ?? ''));
  });
  route(router, 'GET /api/users', async () => ({ users: await accounts.listUsers() }));
  route(router, 'GET /api/erasure-requests', async () => ({ requests: await accounts.listErasureRequests() }));
  route(router, 'POST /api/users/:id/erase', ({ actor, params }) => accounts.erase(actor, params.id));
  return router;
}
