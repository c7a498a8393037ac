import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { batchedLookup } from '../db/batch.js';
import { tokenFromRequest, type Authenticator } from '../http/authenticate.js';
import type { Bus } from '../realtime/bus.js';
import type { AuthModels } from './models.js';
import type { SessionDoc } from './session.model.js';
import type { UserDoc } from './user.model.js';
const TOUCH_INTERVAL_MS = 60_000;
/** The periodic check records a connection's use at least this often (see checkLive). */
const MAX_RECORD_INTERVAL_MS = 10 * 60_000;

/** A resolved session: the auth domain's sessions carry the whole user record. */
export interface SessionUser {
  sessionId: string;
  user: UserDoc;
  /** The session should move to a new id (roles changed). */
  rotate: boolean;
  /** When it ends unless used again (expiry or idle), ms since the epoch. */
  validUntil: number;
}

export interface SessionTimes {
  /** A session ends this long after sign-in, whatever happens. */
  maxAgeMs: number;
  /** …and sooner when unused for this long (shared municipal computers). */
  idleMs: number;
}

/** Server-side sessions in MongoDB; the cookie holds a random token, the database its HMAC. */
export class SessionStore implements Authenticator {
  readonly maxAgeMs: number;
  private readonly idleMs: number;
  /** Concurrent resolves (a burst of upgrades) share one query per collection. */
  private readonly sessionById: (id: string) => Promise<SessionDoc | undefined>;
  private readonly userById: (id: string) => Promise<UserDoc | undefined>;
  /** Marks sessions as seen now; concurrent ones share one write. */
  private readonly touch: (id: string) => Promise<unknown>;
  constructor(
    private readonly models: AuthModels,
    private readonly secret: string,
    times: SessionTimes,
    private readonly bus: Bus,
  ) {
    this.maxAgeMs = times.maxAgeMs;
    this.idleMs = times.idleMs;
    this.sessionById = batchedLookup(async (ids) => {
      const found = await this.models.Session.find({ _id: { $in: ids } }).lean<SessionDoc[]>();
      return new Map(found.map((session) => [session._id, session]));
    });
    this.userById = batchedLookup(async (ids) => {
      const found = await this.models.User.find({ _id: { $in: ids } }).lean<UserDoc[]>();
      return new Map(found.map((user) => [String(user._id), user]));
    });
    this.touch = batchedLookup(async (ids: readonly string[]) => {
      await this.models.Session.updateMany({ _id: { $in: ids } }, { $set: { lastSeenAt: new Date() } });
      return new Map();
    });
  }

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
      expiresAt: new Date(now.getTime() + this.maxAgeMs),
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
    this.ended(token);
  }

  /** A session ended (signed out, expired, idle): its live connections close. */
  private ended(token: string): void {
    this.bus.publish('session:ended', { token });
  }

  /**
   * Checks the sessions behind open connections: marks those still in use as seen
   * (`active`), and ends (see `onEnded`) every one that is gone, expired or idle.
   */
  async checkLive(tokens: Iterable<string>, active: Iterable<string> = []): Promise<void> {
    const ids = new Map<string, string>();
    for (const token of tokens) if (token && token.length <= 100) ids.set(this.idOf(token), token);
    if (ids.size === 0) return;
    const now = Date.now();
    const used = new Set([...active].map((token) => this.idOf(token)).filter((id) => ids.has(id)));
    const live = await this.models.Session.find({ _id: { $in: [...ids.keys()] } })
      .select('expiresAt lastSeenAt')
      .lean();
    // the use is recorded when the stored one is older than a twentieth of the idle time (12 minutes
    // of 4 hours), not at every check: 200 people in a room cost 200 writes every 30 seconds, and on
    // the embedded database each one scans the sessions (a second of its CPU per check, measured)
    const recordAfter = Math.min(this.idleMs / 20, MAX_RECORD_INTERVAL_MS);
    const alive = new Set<string>();
    const dead: string[] = [];
    for (const session of live) {
      if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.idleMs <= now) {
        dead.push(session._id);
        continue;
      }
      alive.add(session._id);
      if (used.has(session._id) && now - session.lastSeenAt.getTime() > recordAfter) {
        // one short write per session rather than one long one: on the embedded database a write
        // over many sessions held up every document's update log behind it (~250 ms at 200 people)
        await this.models.Session.updateOne({ _id: session._id }, { $set: { lastSeenAt: new Date(now) } });
      }
    }
    if (dead.length > 0) await this.models.Session.deleteMany({ _id: { $in: dead } });
    for (const [id, token] of ids) if (!alive.has(id)) this.ended(token);
  }

  /** Resolves a cookie token to its user; records use at most once a minute. */
  async resolve(token: string | undefined): Promise<SessionUser | null> {
    if (!token || token.length > 100) return null;
    const id = this.idOf(token);
    const session = await this.sessionById(id);
    const now = Date.now();
    if (!session) return null;
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.idleMs <= now) {
      await this.models.Session.deleteOne({ _id: id });
      this.ended(token);
      return null;
    }
    const user = await this.userById(String(session.userId));
    if (!user) return null;
    let lastSeen = session.lastSeenAt.getTime();
    if (now - lastSeen > TOUCH_INTERVAL_MS) {
      // not awaited: the request need not wait for a write that only moves the idle limit on (a
      // burst of upgrades waited a quarter of a second for it). Lost, the next request retries it.
      this.touch(id).catch((error: unknown) => this.onTouchFailed?.(error));
      lastSeen = now;
    }
    const validUntil = Math.min(session.expiresAt.getTime(), lastSeen + this.idleMs);
    return { sessionId: id, user, rotate: session.rotate ?? false, validUntil };
  }

  /** Told when recording a session's use failed (the session stays valid; the next use retries). */
  onTouchFailed?: (error: unknown) => void;

  /** Moves a session to a new id (same sign-in, same expiry); returns the new cookie token. */
  async rotate(token: string): Promise<string | null> {
    const old = await this.models.Session.findOneAndDelete({ _id: this.idOf(token) }).lean();
    if (!old) return null;
    const next = randomBytes(32).toString('base64url');
    await this.models.Session.create({ ...old, _id: this.idOf(next), rotate: false, lastSeenAt: new Date() });
    // the live connections of that browser follow it
    this.bus.publish('session:rotated', { from: token, to: next });
    return next;
  }

  /** After a role change, every session of the person continues on a new id at its next request. */
  async markForRotation(userId: string): Promise<void> {
    await this.models.Session.updateMany({ userId }, { $set: { rotate: true } });
  }

  /** Signs a person out everywhere. */
  async destroyAllFor(userId: string): Promise<number> {
    const { deletedCount } = await this.models.Session.deleteMany({ userId });
    return deletedCount;
  }

  /** Signs a person out everywhere but in this browser (`keepToken`'s session), e.g. after a new password. */
  async destroyOthersFor(userId: string, keepToken: string): Promise<number> {
    const { deletedCount } = await this.models.Session.deleteMany({ userId, _id: { $ne: this.idOf(keepToken) } });
    return deletedCount;
  }

  /** Reads the session cookie from a raw request (used by the WebSocket upgrade and Socket.IO). */
  resolveRequest(req: IncomingMessage): Promise<SessionUser | null> {
    return this.resolve(tokenFromRequest(req));
  }
}
