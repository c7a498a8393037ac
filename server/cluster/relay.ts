import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { DocumentRelay } from '../collab/relay.js';
import type { StoredBatch } from '../collab/store.js';
import type { Logger } from '../logger.js';
import { KEY_PREFIX, type RedisLink } from './redis.js';

const channelOf = (name: string) => `${KEY_PREFIX}doc:${name}`;

/**
 * Stored batches of Yjs updates between the nodes serving a document, over Redis
 * pub/sub: a node subscribes to a document's channel while it has it loaded. A lost
 * message is noticed by the next one's seq (or on reconnect) and read from the log,
 * so pub/sub's at-most-once delivery is enough.
 */
export class RedisDocumentRelay implements DocumentRelay {
  private readonly followers = new Map<
    string,
    { listeners: Set<(batch: StoredBatch) => void>; subscribed: Promise<void> }
  >();

  constructor(
    private readonly redis: RedisLink,
    private readonly logger: Logger,
  ) {}

  publish(name: string, batch: StoredBatch): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.redis.nodeId);
    encoding.writeVarUint(encoder, batch.seq);
    encoding.writeVarUint(encoder, batch.updates.length);
    for (const update of batch.updates) encoding.writeVarUint8Array(encoder, update);
    this.redis.client.publish(channelOf(name), Buffer.from(encoding.toUint8Array(encoder))).catch((error: unknown) => {
      // the others notice the gap at the next batch or on reconnect, and read the log
      this.logger.warn({ err: error, doc: name }, 'could not relay a stored batch');
    });
  }

  async follow(name: string, onBatch: (batch: StoredBatch) => void): Promise<() => void> {
    let entry = this.followers.get(name);
    if (!entry) {
      const listeners = new Set<(batch: StoredBatch) => void>();
      const subscribed = this.redis.subscriber.subscribe(
        channelOf(name),
        (message: Buffer) => this.deliver(name, message),
        true,
      );
      this.followers.set(name, (entry = { listeners, subscribed }));
    }
    const { listeners } = entry;
    listeners.add(onBatch);
    const stop = () => {
      listeners.delete(onBatch);
      if (listeners.size > 0 || this.followers.get(name) !== entry) return;
      this.followers.delete(name);
      this.redis.subscriber.unsubscribe(channelOf(name)).catch(() => undefined);
    };
    try {
      await entry.subscribed;
    } catch (error) {
      stop();
      throw error;
    }
    return stop;
  }

  onGap(listener: () => void): () => void {
    return this.redis.onReconnect(listener);
  }

  private deliver(name: string, message: Buffer): void {
    let batch: StoredBatch;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      if (decoding.readVarString(decoder) === this.redis.nodeId) return;
      const seq = decoding.readVarUint(decoder);
      const count = decoding.readVarUint(decoder);
      const updates = Array.from({ length: count }, () => decoding.readVarUint8Array(decoder));
      batch = { seq, updates };
    } catch {
      this.logger.warn({ doc: name }, 'unreadable relay message ignored');
      return;
    }
    for (const listener of this.followers.get(name)?.listeners ?? []) listener(batch);
  }
}
