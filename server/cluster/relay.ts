import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { DocumentRelay, RelayListener } from '../collab/relay.js';
import type { StoredBatch } from '../collab/store.js';
import type { Logger } from '../logger.js';
import { KEY_PREFIX, type RedisLink } from './redis.js';

const channelOf = (name: string) => `${KEY_PREFIX}doc:${name}`;

/** What a relay message carries, after the sender's node id. */
const BATCH = 0;
const AWARENESS = 1;

/**
 * Stored batches of Yjs updates between the nodes serving a document, over Redis
 * pub/sub: a node subscribes to a document's channel while it has it loaded. A lost
 * message is noticed by the next one's seq (or on reconnect) and read from the log,
 * so pub/sub's at-most-once delivery is enough.
 */
export class RedisDocumentRelay implements DocumentRelay {
  private readonly followers = new Map<string, { listeners: Set<RelayListener>; subscribed: Promise<void> }>();
  /**
   * Unsubscribes Redis has not answered yet, per document: a new subscription to the same
   * channel waits for its answer, or the client would drop the new subscription's listener
   * with the old one's (a document unloaded and loaded again at once heard nothing).
   */
  private readonly leaving = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: RedisLink,
    private readonly logger: Logger,
  ) {}

  publish(name: string, batch: StoredBatch): void {
    const encoder = this.message(BATCH);
    encoding.writeVarUint(encoder, batch.seq);
    encoding.writeVarUint(encoder, batch.updates.length);
    for (const update of batch.updates) encoding.writeVarUint8Array(encoder, update);
    this.send(name, encoder);
  }

  publishAwareness(name: string, update: Uint8Array): void {
    const encoder = this.message(AWARENESS);
    encoding.writeVarUint8Array(encoder, update);
    this.send(name, encoder);
  }

  private message(type: number): encoding.Encoder {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.redis.nodeId);
    encoding.writeVarUint(encoder, type);
    return encoder;
  }

  private send(name: string, encoder: encoding.Encoder): void {
    this.redis.client.publish(channelOf(name), Buffer.from(encoding.toUint8Array(encoder))).catch((error: unknown) => {
      // a lost batch is noticed by the next one's seq (or on reconnect) and read from the log
      this.logger.warn({ err: error, doc: name }, 'could not relay to the other nodes');
    });
  }

  async follow(name: string, listener: RelayListener): Promise<() => void> {
    let entry = this.followers.get(name);
    if (!entry) {
      const listeners = new Set<RelayListener>();
      const subscribed = (this.leaving.get(name) ?? Promise.resolve()).then(() =>
        this.redis.subscriber.subscribe(channelOf(name), (message: Buffer) => this.deliver(name, message), true),
      );
      this.followers.set(name, (entry = { listeners, subscribed }));
    }
    const { listeners } = entry;
    listeners.add(listener);
    const stop = () => {
      listeners.delete(listener);
      if (listeners.size > 0 || this.followers.get(name) !== entry) return;
      this.followers.delete(name);
      const left: Promise<void> = this.redis.subscriber
        .unsubscribe(channelOf(name))
        .catch(() => undefined)
        .finally(() => {
          if (this.leaving.get(name) === left) this.leaving.delete(name);
        });
      this.leaving.set(name, left);
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
    let deliver: (listener: RelayListener) => void;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      if (decoding.readVarString(decoder) === this.redis.nodeId) return;
      const type = decoding.readVarUint(decoder);
      if (type === BATCH) {
        const seq = decoding.readVarUint(decoder);
        const count = decoding.readVarUint(decoder);
        const updates = Array.from({ length: count }, () => decoding.readVarUint8Array(decoder));
        deliver = (listener) => listener.batch({ seq, updates });
      } else if (type === AWARENESS) {
        const update = decoding.readVarUint8Array(decoder);
        deliver = (listener) => listener.awareness(update);
      } else return;
    } catch {
      this.logger.warn({ doc: name }, 'unreadable relay message ignored');
      return;
    }
    for (const listener of this.followers.get(name)?.listeners ?? []) deliver(listener);
  }
}
