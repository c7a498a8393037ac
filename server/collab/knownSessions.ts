import { LRUCache } from 'lru-cache';
import type { Authenticator, SessionUser } from '../http/authenticate.js';

/**
 * How long the sync endpoint may answer an upgrade from a session it resolved
 * before. Ends, rotations and access changes made through the app forget it at
 * once (the bus); the periodic session check covers ones made around it.
 */
export const KNOWN_SESSION_TTL_MS = 30_000;

/**
 * Sessions the sync endpoint resolved recently, so a reconnecting client (or a
 * second document on the same page) does not cost database round trips. Never
 * kept past the session's own end (`validUntil`).
 */
export class KnownSessions {
  private readonly known = new LRUCache<string, SessionUser>({ max: 10_000, ttl: KNOWN_SESSION_TTL_MS });
  /** Bumped by every forget: a session resolved before it is never remembered after it. */
  private forgets = 0;

  constructor(private readonly sessions: Authenticator) {}

  async resolve(token: string): Promise<SessionUser | null> {
    const known = this.known.get(token);
    if (known && (known.validUntil ?? 0) > Date.now()) return known;
    const ticket = this.ticket();
    const session = await this.sessions.resolve(token);
    if (session) this.remember(token, session, ticket);
    return session;
  }

  /** Read before resolving a session elsewhere, then passed to `offer`. */
  ticket(): number {
    return this.forgets;
  }

  /**
   * A session another channel of this node has just resolved (e.g. the page's own
   * session request, made right before it connects its document). Remembered like
   * one resolved here, unless anything was forgotten since `ticket` was read, or
   * the session is about to move to a new id.
   */
  offer(token: string, session: SessionUser, ticket: number): void {
    if (!session.rotate) this.remember(token, session, ticket);
  }

  private remember(token: string, session: SessionUser, ticket: number): void {
    const ttl = Math.min(KNOWN_SESSION_TTL_MS, (session.validUntil ?? 0) - Date.now());
    if (ttl > 0 && ticket === this.forgets) this.known.set(token, session, { ttl });
  }

  forgetToken(token: string): void {
    this.forgets++;
    this.known.delete(token);
  }

  forgetUser(userId: string): void {
    this.forgets++;
    for (const [token, session] of this.known.entries())
      if (String(session.user._id) === userId) this.known.delete(token);
  }

  /** Every remembered token, for the periodic session check (an ended one is then forgotten). */
  tokens(): IterableIterator<string> {
    return this.known.keys();
  }
}
