import { randomUUID } from 'node:crypto';
import { KEY_PREFIX, type RedisLink } from './redis.js';

/** Runs tasks one at a time per key. */
export interface KeyedQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** Deletes the lock only if it is still ours (it may have expired and been taken since). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LockBusyError extends Error {}

/**
 * One at a time per key across every node: this node's own queue first (no
 * contention between its own tasks), then a lock in Redis (SET NX PX, released
 * only by its holder). A lock expires after `ttlMs`, so a node that dies holding
 * one delays the others by that much at most; a task that ran longer than that
 * may overlap the next holder's — tasks here are a few database writes.
 */
export class RedisKeyedQueue implements KeyedQueue {
  constructor(
    private readonly redis: RedisLink,
    private readonly local: KeyedQueue,
    private readonly name: string,
    private readonly ttlMs = 30_000,
    private readonly waitMs = 15_000,
  ) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const lock = `${KEY_PREFIX}lock:${this.name}:${key}`;
      const token = randomUUID();
      const deadline = Date.now() + this.waitMs;
      for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
        const taken = await this.redis.client.set(lock, token, {
          condition: 'NX',
          expiration: { type: 'PX', value: this.ttlMs },
        });
        if (taken === 'OK') break;
        if (Date.now() > deadline) throw new LockBusyError(`${this.name} ${key} is busy on another node`);
        await sleep(delay);
      }
      try {
        return await task();
      } finally {
        await this.redis.client.eval(RELEASE, { keys: [lock], arguments: [token] }).catch(() => undefined);
      }
    });
  }
}
