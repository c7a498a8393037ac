import type { NextFunction, Request, Response } from 'express';
import { sessionCookieOptions } from '../auth/cookies.js';
import { SESSION_COOKIE, tokenFromRequest, type SessionStore, type SessionUser } from '../auth/sessions.js';
import { unauthenticated } from '../errors.js';
import type { Actor } from '../policy/policy.js';

declare module 'express-serve-static-core' {
  interface Request {
    session?: SessionUser | null;
  }
}

export function actorOf(session: SessionUser): Actor {
  return { id: String(session.user._id), name: session.user.name, isAdmin: session.user.isAdmin };
}

/**
 * Resolves the session cookie once per request. A session whose person's roles
 * changed continues on a new id here (the cookie is replaced in the response).
 */
export function sessionMiddleware(sessions: SessionStore, cookieSecure: boolean) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = tokenFromRequest(req);
    req.session = await sessions.resolve(token);
    if (req.session?.rotate && token) {
      const next = await sessions.rotate(token);
      if (next) res.cookie(SESSION_COOKIE, next, { ...sessionCookieOptions(cookieSecure), maxAge: sessions.maxAgeMs });
    }
    next();
  };
}

export function requireActor(req: Request): Actor {
  if (!req.session) throw unauthenticated();
  return actorOf(req.session);
}
