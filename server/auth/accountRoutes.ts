import { Router } from 'express';
import { z } from 'zod';
import { passwordChangeBodySchema, passwordResetBodySchema } from '../../shared/schemas/invitations.js';
import { objectIdSchema } from '../../shared/schemas/rooms.js';
import type { Config } from '../config.js';
import type { Route } from '../http/route.js';
import { parse } from '../http/validate.js';
import { baseUrl } from '../invitations/routes.js';
import type { AccountService } from './account.service.js';
import { AppError, rateLimited } from '../errors.js';
import { clearSessionCookie } from './cookies.js';
import { RateLimiter } from './rateLimit.js';

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
    try {
      await accounts.deleteOwn(actor, password, erase);
    } catch (error) {
      if (error instanceof AppError && error.code === 'forbidden') wrongPasswords.hit(actor.id);
      throw error;
    }
    clearSessionCookie(res, config.cookieSecure);
    res.status(204).end();
  });
  route(router, 'POST /api/me/password', async (req, res, { actor }) => {
    const { current, password } = parse(passwordChangeBodySchema, req.body);
    const wait = wrongPasswords.retryAfter(actor.id);
    if (wait) throw rateLimited(`Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minutes.`, wait);
    try {
      await accounts.changeOwnPassword(actor, current, password);
    } catch (error) {
      if (error instanceof AppError && error.code === 'forbidden') wrongPasswords.hit(actor.id);
      throw error;
    }
    res.status(204).end();
  });
  route(router, 'GET /api/users', async (_req, res) => {
    res.json({ users: await accounts.listUsers() });
  });
  route(router, 'POST /api/users/:id/password-reset', async (req, res, { actor }) => {
    res
      .status(201)
      .json(await accounts.issuePasswordReset(actor, parse(objectIdSchema, req.params.id), baseUrl(config, req)));
  });
  route(router, 'GET /api/erasure-requests', async (_req, res) => {
    res.json({ requests: await accounts.listErasureRequests() });
  });
  route(router, 'POST /api/users/:id/erase', async (req, res, { actor }) => {
    res.json(await accounts.erase(actor, parse(objectIdSchema, req.params.id)));
  });
  route(router, 'POST /api/password-resets/:token', async (req, res) => {
    const { password } = parse(passwordResetBodySchema, req.body);
    await accounts.resetPassword(String(req.params.token), password);
    res.status(204).end();
  });
  return router;
}
