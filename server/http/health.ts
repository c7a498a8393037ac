import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { PROJECT_ROOT } from '../config.js';
import type { Database } from '../db/connect.js';
import type { Route } from './route.js';

export const VERSION: string = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** `GET /api/health`: 200 when the database answers, 503 when it does not. */
export function healthRoutes(route: Route, db: Database): Router {
  const router = Router();
  route(router, 'GET /api/health', async ({ res }) => {
    const up = await db.ping();
    if (!up) res.status(503);
    return { status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down', version: VERSION };
  });
  return router;
}
