import type { NextFunction, Request, Response } from 'express';
import type { SessionStore, SessionUser } from '../auth/sessions.js';
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

/** Resolves the session cookie once per request; routes call `requireActor`. */
export function sessionMiddleware(sessions: SessionStore) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    req.session = await sessions.resolveRequest(req);
    next();
  };
}

export function requireActor(req: Request): Actor {
  if (!req.session) throw unauthenticated();
  return actorOf(req.session);
}
