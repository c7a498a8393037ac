import { RedisServer } from './redisServer.js';
import { startServer, type TestServer } from './server.js';

export interface TwoNodes {
  redis: RedisServer;
  nodeA: TestServer;
  nodeB: TestServer;
  close(): Promise<void>;
}

/**
 * Two server nodes in this process on one database and a real redis-server of their own
 * (cluster mode): the same session secret, so a cookie from one node is good on the other.
 */
export async function startTwoNodes(): Promise<TwoNodes> {
  const redis = await RedisServer.start();
  const nodeA = await startServer({ redisUrl: redis.url });
  const nodeB = await startServer({
    redisUrl: redis.url,
    dbName: nodeA.config.dbName,
    sessionSecret: nodeA.config.sessionSecret,
  });
  return {
    redis,
    nodeA,
    nodeB,
    async close() {
      await nodeA.close();
      await nodeB.close();
      await redis.close();
    },
  };
}
