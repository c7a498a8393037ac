import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisServer } from '../../test/helpers/redisServer.js';
import type { RelayListener } from '../collab/relay.js';
import { createLogger } from '../logger.js';
import { RedisLink } from './redis.js';
import { RedisDocumentRelay } from './relay.js';

/**
 * Two nodes' relays on a real redis-server. A node follows a document while it has it loaded; in
 * a busy room it unloads one (its last client left) and loads it again a moment later.
 */
describe('RedisDocumentRelay', () => {
  const logger = createLogger('silent');
  let redis: RedisServer;
  let linkA: RedisLink;
  let linkB: RedisLink;
  let nodeA: RedisDocumentRelay;
  let nodeB: RedisDocumentRelay;

  beforeAll(async () => {
    redis = await RedisServer.start();
    [linkA, linkB] = await Promise.all([RedisLink.connect(redis.url, logger), RedisLink.connect(redis.url, logger)]);
    nodeA = new RedisDocumentRelay(linkA, logger);
    nodeB = new RedisDocumentRelay(linkB, logger);
  }, 60_000);
  afterAll(async () => {
    await linkA?.close();
    await linkB?.close();
    await redis?.close();
  });

  const hearing = () => {
    const seqs: number[] = [];
    const listener: RelayListener = { batch: (batch) => void seqs.push(batch.seq), awareness: () => undefined };
    return { seqs, listener };
  };
  const publishedByB = async (name: string, seq: number) => {
    nodeB.publish(name, { seq, updates: [Uint8Array.of(0, 0)] });
    // a round trip through the same server: B's message has been delivered by then
    await linkA.client.ping();
    await linkB.client.ping();
    await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('hears the other node while it follows a document, and not after', async () => {
    const { seqs, listener } = hearing();
    const stop = await nodeA.follow('plan:one', listener);
    await publishedByB('plan:one', 1);
    stop();
    await publishedByB('plan:one', 2);
    expect(seqs).toEqual([1]);
  });

  it('hears the other node when it follows a document again right after it stopped (an unload, then a load)', async () => {
    for (let i = 0; i < 10; i++) {
      const name = `plan:again-${i}`;
      const stop = await nodeA.follow(name, hearing().listener);
      stop();
      const { seqs, listener } = hearing();
      const stopAgain = await nodeA.follow(name, listener);
      await publishedByB(name, 7);
      expect(seqs, `round ${i}`).toEqual([7]);
      stopAgain();
    }
  });

  it('keeps hearing when a second follower arrives just before the first stops', async () => {
    const first = await nodeA.follow('plan:overlap', hearing().listener);
    const { seqs, listener } = hearing();
    const second = nodeA.follow('plan:overlap', listener);
    first();
    const stop = await second;
    await publishedByB('plan:overlap', 3);
    expect(seqs).toEqual([3]);
    stop();
  });
});
