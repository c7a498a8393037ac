import type { Request, Response } from 'express';
import { SESSION_COOKIE, sessionCookieOptions, tokenFromRequest } from '../http/authenticate.js';
import type { SessionStore } from './sessions.js';

/** Starts a fresh session (a new id, never the one the browser had) and sets its cookie. */
export async function startSession(
  req: Request,
  res: Pick<Response, 'cookie'>,
  sessions: SessionStore,
  userId: string,
  secure: boolean,
): Promise<void> {
  const previous = tokenFromRequest(req);
  if (previous) await sessions.destroy(previous);
  const token = await sessions.create(userId, req.get('user-agent'));
  res.cookie(SESSION_COOKIE, token, { ...sessionCookieOptions(secure), maxAge: sessions.maxAgeMs });
}

export function clearSessionCookie(res: Pick<Response, 'clearCookie'>, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, sessionCookieOptions(secure));
}
