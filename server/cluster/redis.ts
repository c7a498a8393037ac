import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger.js';

/** Keys and channels of one Roundtable cluster start with this, so a shared Redis stays tidy. */
export const KEY_PREFIX = 'rt:';

/**
 * The connections one node keeps to Redis: one for commands and publishing, one
 * subscribed (a subscribed connection can do nothing else). Both reconnect by
 * themselves; `onReconnect` listeners run when the subscriber comes back, because
 * pub/sub messages sent meanwhile are gone.
 */
export class RedisLink {
  /** Tells this node's own messages apart from the others'. */
  readonly nodeId = randomUUID();
  private readonly reconnectListeners = new Set<() => void>();
  private wasDown = false;

  private constructor(
    readonly client: RedisClientType,
    readonly subscriber: RedisClientType,
    private readonly logger: Logger,
  ) {
    for (const [name, c] of [
      ['commands', client],
      ['subscriber', subscriber],
    ] as const) {
      c.on('error', (error: Error) => {
        if (!this.wasDown) logger.warn({ err: error, connection: name }, 'redis connection lost; reconnecting');
        this.wasDown = true;
      });
    }
    subscriber.on('ready', () => {
      if (!this.wasDown) return;
      this.wasDown = false;
      logger.info('redis connection back');
      for (const listener of this.reconnectListeners) listener();
    });
  }

  static async connect(url: string, logger: Logger): Promise<RedisLink> {
    const options = {
      url,
      // keep trying, at most every 2 s; commands wait in the queue meanwhile
      socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000), connectTimeout: 5000 },
    };
    const client = createClient(options) as RedisClientType;
    const subscriber = client.duplicate() as RedisClientType;
    const link = new RedisLink(client, subscriber, logger.child({ domain: 'redis' }));
    await Promise.all([client.connect(), subscriber.connect()]);
    return link;
  }

  /** Runs `listener` each time the subscribed connection is back after a loss. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** True when Redis answers within a second (the health endpoint). */
  async ping(): Promise<boolean> {
    if (!this.client.isReady) return false;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.subscriber.close(), this.client.close()]);
  }
}
