import { Router, type CookieOptions, type Response } from 'express';
import { loginBodySchema, type Me } from '../../shared/schemas/auth.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models.js';
import { invalidCredentials } from '../errors.js';
import { requireActor } from '../http/authenticate.js';
import { parse } from '../http/validate.js';
import type { Logger } from '../logger.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { SESSION_COOKIE, tokenFromRequest, type SessionStore } from './sessions.js';
import type { UserDoc } from './user.model.js';

export function toMe(user: UserDoc): Me {
  return {
    id: String(user._id),
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    language: user.language as Me['language'],
    color: user.color,
  };
}

export function authRoutes(deps: { models: Models; sessions: SessionStore; config: Config; logger: Logger }): Router {
  const { models, sessions, config } = deps;
  const logger = deps.logger.child({ domain: 'auth' });
  const cookieOptions: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    path: '/',
  };
  const router = Router();

  router.post('/auth/login', async (req, res: Response<{ user: Me }>) => {
    const { email, password } = parse(loginBodySchema, req.body);
    const user = await models.User.findOne({ email }).lean<UserDoc>();
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok) {
      logger.info({ email }, 'sign-in refused');
      throw invalidCredentials();
    }
    const previous = tokenFromRequest(req);
    if (previous) await sessions.destroy(previous);
    const token = await sessions.create(String(user._id), req.get('user-agent'));
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: config.sessionTtlMs });
    logger.info({ userId: String(user._id) }, 'signed in');
    res.json({ user: toMe(user) });
  });

  router.post('/auth/logout', async (req, res) => {
    const token = tokenFromRequest(req);
    if (token) await sessions.destroy(token);
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.status(204).end();
  });

  router.get('/me', (req, res: Response<{ user: Me }>) => {
    requireActor(req);
    res.json({ user: toMe(req.session!.user) });
  });

  return router;
}
