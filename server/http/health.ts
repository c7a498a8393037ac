import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { PROJECT_ROOT } from '../config.js';
import type { Database } from '../db/connect.js';
import type { Route } from './route.js';

export const VERSION: string = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * `GET /api/health`: 200 when the database (and, in cluster mode, Redis) answers,
 * 503 when one does not; `redis` is reported only in cluster mode, `journal` only on one
 * node with its journal on (a failed journal is reported, not 503: updates still go to the
 * database directly; `syncs` says where its fdatasync runs, the thread pool once the disk has
 * been slow).
 */
export function healthRoutes(
  route: Route,
  db: Database,
  redis: { ping(): Promise<boolean> } | null,
  journal: {
    readonly failed: boolean;
    readonly backlogBytes: number;
    readonly syncsOn: 'event-loop' | 'thread-pool';
  } | null = null,
): Router {
  const router = Router();
  route(router, 'GET /api/health', async ({ res }) => {
    const [dbUp, redisUp] = await Promise.all([db.ping(), redis ? redis.ping() : Promise.resolve(true)]);
    const up = dbUp && redisUp;
    if (!up) res.status(503);
    return {
      status: up ? 'ok' : 'degraded',
      db: dbUp ? 'up' : 'down',
      ...(redis ? { redis: redisUp ? 'up' : 'down' } : {}),
      ...(journal
        ? {
            journal: {
              state: journal.failed ? 'failed' : 'writing',
              backlogBytes: journal.backlogBytes,
              syncs: journal.syncsOn,
            },
          }
        : {}),
      version: VERSION,
    };
  });
  return router;
}
