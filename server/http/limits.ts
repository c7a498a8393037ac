import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Counts failures per key within a fixed window (wrong passwords per account and address,
 * per address…). The in-memory implementation serves one process; several processes need a
 * shared store behind the same interface.
 */
export interface FailureLimiter {
  /** Seconds until `key` may try again; 0 while it is under the limit. */
  retryAfter(key: string): Promise<number>;
  /** Records one failure for `key`. */
  fail(key: string): Promise<void>;
  /** Forgets `key`'s failures, e.g. after a success. */
  reset(key: string): Promise<void>;
  /**
   * Counts one attempt for `key` at once, before its outcome is known, so attempts sent in
   * parallel cannot all pass a check made before any of them failed. Resolves with the seconds
   * to wait when the limit was already reached (0: go ahead). `release` takes the attempt back.
   */
  reserve(key: string): Promise<number>;
  release(key: string): Promise<void>;
}

/** Makes the failure limiters of a process: in its memory, or shared by every node in Redis. */
export type FailureLimiters = (name: string, limit: number, windowMs: number) => FailureLimiter;

/** A FailureLimiter in this process's memory (rate-limiter-flexible). */
export function memoryFailureLimiter(limit: number, windowMs: number): FailureLimiter {
  return failureLimiter(
    new RateLimiterMemory({ points: limit, duration: Math.max(1, Math.ceil(windowMs / 1000)) }),
    limit,
  );
}

export const memoryFailureLimiters: FailureLimiters = (_name, limit, windowMs) => memoryFailureLimiter(limit, windowMs);

/**
 * Failure limiters every node shares, kept in Redis (rate-limiter-flexible with the
 * `redis` package): a guesser gets no more tries by reaching another node.
 */
export function redisFailureLimiters(client: unknown, prefix: string): FailureLimiters {
  return (name, limit, windowMs) =>
    failureLimiter(
      new RateLimiterRedis({
        storeClient: client,
        useRedisPackage: true,
        keyPrefix: `${prefix}${name}`,
        points: limit,
        duration: Math.max(1, Math.ceil(windowMs / 1000)),
      }),
      limit,
    );
}

function failureLimiter(limiter: RateLimiterAbstract, limit: number): FailureLimiter {
  return {
    async retryAfter(key) {
      const state = await limiter.get(key);
      return state && state.consumedPoints >= limit ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
    },
    async fail(key) {
      await limiter.penalty(key, 1);
    },
    async reset(key) {
      await limiter.delete(key);
    },
    async reserve(key) {
      try {
        await limiter.consume(key, 1);
        return 0;
      } catch (refused) {
        if (refused instanceof Error) throw refused;
        return Math.max(1, Math.ceil((refused as { msBeforeNext: number }).msBeforeNext / 1000));
      }
    },
    async release(key) {
      await limiter.reward(key, 1);
    },
  };
}
