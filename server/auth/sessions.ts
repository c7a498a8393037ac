import { createHmac, randomBytes } from 'node:crypto';
import { parse as parseCookie } from 'cookie';
import type { IncomingMessage } from 'node:http';
import type { Models } from '../db/models.js';
import type { UserDoc } from './user.model.js';

export const SESSION_COOKIE = 'rt_session';
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionUser {
  sessionId: string;
  user: UserDoc;
}

/** Server-side sessions in MongoDB; the cookie holds a random token, the database its HMAC. */
export class SessionStore {
  constructor(
    private readonly models: Models,
    private readonly secret: string,
    private readonly ttlMs: number,
  ) {}

  private idOf(token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('base64url');
  }

  /** Creates a fresh session (a new id every sign-in) and returns the cookie token. */
  async create(userId: string, userAgent = ''): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await this.models.Session.create({
      _id: this.idOf(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
      userAgent: userAgent.slice(0, 300),
    });
    return token;
  }

  /** Deletes expired sessions; run at start and hourly (no TTL indexes on FerretDB). */
  async sweepExpired(): Promise<number> {
    const { deletedCount } = await this.models.Session.deleteMany({ expiresAt: { $lte: new Date() } });
    return deletedCount;
  }

  async destroy(token: string): Promise<void> {
    await this.models.Session.deleteOne({ _id: this.idOf(token) });
  }

  /** Resolves a cookie token to its user, sliding the expiry at most once a minute. */
  async resolve(token: string | undefined): Promise<SessionUser | null> {
    if (!token || token.length > 100) return null;
    const id = this.idOf(token);
    const session = await this.models.Session.findById(id).lean();
    const now = Date.now();
    if (!session || session.expiresAt.getTime() <= now) return null;
    const user = await this.models.User.findById(session.userId).lean<UserDoc>();
    if (!user) return null;
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.models.Session.updateOne(
        { _id: id },
        { $set: { lastSeenAt: new Date(now), expiresAt: new Date(now + this.ttlMs) } },
      );
    }
    return { sessionId: id, user };
  }

  /** Reads the session cookie from a raw request (used by the WebSocket upgrade and Socket.IO). */
  resolveRequest(req: IncomingMessage): Promise<SessionUser | null> {
    return this.resolve(tokenFromRequest(req));
  }
}

export function tokenFromRequest(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}
