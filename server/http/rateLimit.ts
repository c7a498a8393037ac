/**
 * A token bucket for one client's stream of requests (e.g. one socket's events): bursts up to
 * `capacity`, then `perSecond` sustained. It belongs to one connection, so it lives in that
 * connection's process; limits shared across processes are FailureLimiters (`./limits.ts`).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes `amount` tokens (1 request, or n bytes) when there are enough; false means "too fast". */
  take(amount = 1, now = Date.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}
