import { Router } from 'express';
import { z } from 'zod';
import { objectIdSchema } from '../../shared/schemas/common.js';
import type { Config } from '../config.js';
import type { Route } from '../http/route.js';
import { parse } from '../http/validate.js';
import { clearSessionCookie } from '../auth/cookies.js';
import { AppError, rateLimited } from '../errors.js';
import { RateLimiter } from '../http/rateLimit.js';
import type { AccountService } from './account.service.js';

const deleteBodySchema = z.object({ password: z.string().min(1).max(1024), erase: z.boolean().default(false) });

/** A person's own data, and the admin's account tools. */
export function accountRoutes(route: Route, accounts: AccountService, config: Config): Router {
  const router = Router();
  const wrongPasswords = new RateLimiter(config.login.maxFailuresPerAccount, config.login.windowMs);
  route(router, 'GET /api/me/export', async (_req, res, { actor }) => {
    const data = await accounts.export(actor);
    res.set('Content-Disposition', `attachment; filename="roundtable-export-${actor.id}.json"`);
    res.json(data);
  });
  route(router, 'POST /api/me/delete', async (req, res, { actor }) => {
    const { password, erase } = parse(deleteBodySchema, req.body);
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
    res.status(204).end();
  });
  route(router, 'GET /api/users', async (_req, res) => {
    res.json({ users: await accounts.listUsers() });
  });
  route(router, 'GET /api/erasure-requests', async (_req, res) => {
    res.json({ requests: await accounts.listErasureRequests() });
  });
  route(router, 'POST /api/users/:id/erase', async (req, res, { actor }) => {
    res.json(await accounts.erase(actor, parse(objectIdSchema, req.params.id)));
  });
  return router;
}
