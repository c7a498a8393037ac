import type { Logger } from '../logger.js';
import { InProcessBus, type Bus, type BusTopic, type BusTopics } from '../realtime/bus.js';
import { KEY_PREFIX, type RedisLink } from './redis.js';

const CHANNEL = `${KEY_PREFIX}bus`;

interface Envelope {
  node: string;
  topic: BusTopic;
  message: unknown;
}

/**
 * The bus across nodes: listeners on this node hear a message at once, as on one
 * node (callers rely on that: an access change closes this node's connections
 * before the request answers); the other nodes hear it through Redis pub/sub.
 */
export class RedisBus implements Bus {
  private readonly local = new InProcessBus();
  private readonly ready: Promise<void>;

  constructor(
    private readonly redis: RedisLink,
    private readonly logger: Logger,
  ) {
    this.ready = redis.subscriber.subscribe(CHANNEL, (raw) => this.deliver(raw));
  }

  /** Resolves once this node hears the others. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  private deliver(raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      this.logger.warn('unreadable bus message ignored');
      return;
    }
    if (envelope.node === this.redis.nodeId) return;
    try {
      this.local.publish(envelope.topic, envelope.message as BusTopics[typeof envelope.topic]);
    } catch (error) {
      this.logger.error({ err: error, topic: envelope.topic }, 'bus listener failed');
    }
  }

  publish<T extends BusTopic>(topic: T, message: BusTopics[T]): void {
    this.local.publish(topic, message);
    const envelope: Envelope = { node: this.redis.nodeId, topic, message };
    this.redis.client.publish(CHANNEL, JSON.stringify(envelope)).catch((error: unknown) => {
      this.logger.error({ err: error, topic }, 'could not tell the other nodes');
    });
  }

  subscribe<T extends BusTopic>(topic: T, listener: (message: BusTopics[T]) => void): () => void {
    return this.local.subscribe(topic, listener);
  }

  async close(): Promise<void> {
    await this.local.close();
  }
}
