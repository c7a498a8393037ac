import { Router } from 'express';
import type { Me } from '../../shared/schemas/auth.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { Config } from '../config.js';
import type { AuthModels as Models } from './models.js';
import { invalidCredentials, rateLimited } from '../errors.js';
import type { FailureLimiters } from '../http/limits.js';
import type { Route } from '../http/route.js';
import type { Logger } from '../logger.js';
import type { Bus } from '../realtime/bus.js';
import { clearSessionCookie, startSession } from './cookies.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { tokenFromRequest } from '../http/authenticate.js';
import type { SessionStore } from './sessions.js';
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
    bus: Bus;
    /** Failure counts: this process's memory, or Redis shared by every node. */
    limiters: FailureLimiters;
  },
): Router {
  const { models, sessions, config, audit, bus, limiters } = deps;
  const logger = deps.logger.child({ domain: 'auth' });
  // failures only (OWASP): per account and address, and a looser ceiling per address
  const perPair = limiters('login-account', config.login.maxFailuresPerAccount, config.login.windowMs);
  const perIp = limiters('login-ip', config.login.maxAttemptsPerIp, config.login.windowMs);
  const router = Router();

  route(router, 'POST /api/auth/login', async ({ body: { email, password }, req, res }) => {
    const ip = req.ip ?? 'unknown';
    const pair = `${email} ${ip}`;
    // counted before the password is checked, so guesses sent at once count too; a success is taken back
    const wait = Math.max(await perIp.reserve(ip), await perPair.reserve(pair));
    if (wait) throw tooManyAttempts(wait);
    const user = await models.User.findOne({ email }).lean<UserDoc>();
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok) {
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
    await Promise.all([perPair.reset(pair), perIp.release(ip)]);
    await startSession(req, res, sessions, String(user._id), config.cookieSecure);
    await audit.record({ actor: { id: String(user._id), name: user.name }, action: 'auth.signed_in', details: { ip } });
    return { user: toMe(user) };
  });

  route(router, 'POST /api/auth/logout', async ({ req, res }) => {
    const token = tokenFromRequest(req);
    if (token) await sessions.destroy(token);
    clearSessionCookie(res, config.cookieSecure);
  });

  route(router, 'POST /api/auth/logout-everywhere', async ({ actor, res }) => {
    const count = await sessions.destroyAllFor(actor.id);
    bus.publish('access:changed', { userId: actor.id, signedOut: true });
    await audit.record({ actor, action: 'auth.signed_out_everywhere', details: { sessions: count } });
    clearSessionCookie(res, config.cookieSecure);
  });

  // signed out is a normal state, not an error: the app asks here on every load
  route(router, 'GET /api/auth/session', ({ session }) => ({
    user: session ? toMe(session.user as UserDoc) : null,
  }));

  // the auth domain's sessions resolve to the whole user record
  route(router, 'GET /api/me', ({ session }) => ({ user: toMe(session.user as UserDoc) }));

  return router;
}
