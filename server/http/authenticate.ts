import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { unauthenticated } from '../errors.js';
import type { Actor } from '../policy/policy.js';

export const SESSION_COOKIE = 'rt_session';

/** The person behind a session, as far as plumbing needs to know them. */
export interface IdentityUser {
  _id: { toString(): string };
  name: string;
  isAdmin: boolean;
  /** Caret and presence colour. */
  color: string;
}

export interface SessionUser {
  sessionId: string;
  user: IdentityUser;
  /** The session should move to a new id (roles changed). */
  rotate: boolean;
  /** When it ends unless used again (expiry or idle), ms since the epoch: nothing may remember it longer. */
  validUntil?: number;
}

/**
 * What every channel asks to know who is calling. The auth domain implements it
 * (server-side sessions); plumbing only reads the cookie and asks.
 */
export interface Authenticator {
  readonly maxAgeMs: number;
  resolve(token: string | undefined): Promise<SessionUser | null>;
  /** Moves a session to a new id; returns the new cookie token. */
  rotate(token: string): Promise<string | null>;
  /**
   * Checks the sessions behind open connections: marks those in use (`active`) as
   * seen and ends every one that is gone, expired or idle (their connections close).
   */
  checkLive?(tokens: Iterable<string>, active: Iterable<string>): Promise<void>;
}

declare module 'express-serve-static-core' {
  interface Request {
    session?: SessionUser | null;
  }
}

export function tokenFromRequest(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}

/**
 * One Actor per resolved session: a session the sync endpoint remembers (KnownSessions) gives
 * every connection it opens the same one, instead of a copy each with its own id string.
 */
const actors = new WeakMap<SessionUser, Actor>();

export function actorOf(session: SessionUser): Actor {
  let actor = actors.get(session);
  if (!actor) {
    actor = { id: String(session.user._id), name: session.user.name, isAdmin: session.user.isAdmin };
    actors.set(session, actor);
  }
  return actor;
}

/**
 * Resolves the session cookie once per request. A session whose person's roles
 * changed continues on a new id here (the cookie is replaced in the response).
 */
export function sessionMiddleware(sessions: Authenticator, cookieSecure: boolean) {
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
