import { Router, type Response } from 'express';
import { loginBodySchema, type Me } from '../../shared/schemas/auth.js';
import { profilePatchSchema } from '../../shared/schemas/network.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { badRequest, invalidCredentials, rateLimited } from '../errors.js';
import { memoryFailureLimiter } from '../http/limits.js';
import type { Route } from '../http/route.js';
import { parse } from '../http/validate.js';
import type { Logger } from '../logger.js';
import type { AccessNotifier } from '../realtime/access.js';
import { clearSessionCookie, startSession } from './cookies.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { tokenFromRequest, type SessionStore } from './sessions.js';
import type { UserDoc } from './user.model.js';

export function toMe(user: UserDoc): Me {
  return {
    id: String(user._id),
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    language: user.language as Me['language'],
    color: user.color,
    title: user.title ?? '',
    cityId: user.cityId ? String(user.cityId) : null,
  };
}

const tooManyAttempts = (seconds: number) =>
  rateLimited(`Too many sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`, seconds);

export function authRoutes(
  route: Route,
  deps: {
    models: Models;
    sessions: SessionStore;
    config: Config;
    logger: Logger;
    audit: AuditLog;
    access: AccessNotifier;
  },
): Router {
  const { models, sessions, config, audit, access } = deps;
  const logger = deps.logger.child({ domain: 'auth' });
  // failures only (OWASP): per account and address, and a looser ceiling per address
  const perPair = memoryFailureLimiter(config.login.maxFailuresPerAccount, config.login.windowMs);
  const perIp = memoryFailureLimiter(config.login.maxAttemptsPerIp, config.login.windowMs);
  const router = Router();

  route(router, 'POST /api/auth/login', async (req, res: Response<{ user: Me }>) => {
    const ip = req.ip ?? 'unknown';
    const { email, password } = parse(loginBodySchema, req.body);
    const pair = `${email} ${ip}`;
    const wait = Math.max(await perIp.retryAfter(ip), await perPair.retryAfter(pair));
    if (wait) throw tooManyAttempts(wait);
    const user = await models.User.findOne({ email }).lean<UserDoc>();
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok) {
      await Promise.all([perPair.fail(pair), perIp.fail(ip)]);
      logger.info({ email }, 'sign-in refused');
      if (user)
        await audit.record({
          actor: null,
          action: 'auth.sign_in_refused',
          target: { id: String(user._id), name: user.name },
          details: { ip },
        });
      throw invalidCredentials();
    }
    await perPair.reset(pair);
    await startSession(req, res, sessions, String(user._id), config.cookieSecure);
    await audit.record({ actor: { id: String(user._id), name: user.name }, action: 'auth.signed_in', details: { ip } });
    res.json({ user: toMe(user) });
  });

  route(router, 'POST /api/auth/logout', async (req, res) => {
    const token = tokenFromRequest(req);
    if (token) await sessions.destroy(token);
    clearSessionCookie(res, config.cookieSecure);
    res.status(204).end();
  });

  route(router, 'POST /api/auth/logout-everywhere', async (_req, res, { actor }) => {
    const count = await sessions.destroyAllFor(actor.id);
    access.changed({ userId: actor.id, signedOut: true });
    await audit.record({ actor, action: 'auth.signed_out_everywhere', details: { sessions: count } });
    clearSessionCookie(res, config.cookieSecure);
    res.status(204).end();
  });

  // signed out is a normal state, not an error: the app asks here on every load
  route(router, 'GET /api/auth/session', (_req, res: Response<{ user: Me | null }>, { session }) => {
    res.json({ user: session ? toMe(session.user) : null });
  });

  route(router, 'GET /api/me', (_req, res: Response<{ user: Me }>, { session }) => {
    res.json({ user: toMe(session.user) });
  });

  route(router, 'PATCH /api/me', async (req, res: Response<{ user: Me }>, { actor }) => {
    const body = parse(profilePatchSchema, req.body);
    if (body.cityId && !(await models.City.exists({ _id: body.cityId }))) throw badRequest('cityId: no such city');
    const user = await models.User.findByIdAndUpdate(actor.id, { $set: body }, { new: true }).lean<UserDoc>();
    res.json({ user: toMe(user!) });
  });

  return router;
}
