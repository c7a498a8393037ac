import { Router } from 'express';
import type { Route } from '../http/route.js';
import type { Notifications } from './notifications.js';
import type { ThreadReader } from './threads.service.js';

export function threadRoutes(route: Route, reader: ThreadReader, notifications: Notifications): Router {
  const router = Router();
  route(router, 'GET /api/plans/:id/threads', async ({ params }) => reader.planCounts(params.id));
  route(router, 'GET /api/threads/unread', async ({ actor }) => ({ threads: await reader.unreadFor(actor.id) }));
  route(router, 'GET /api/notifications', async ({ actor, query }) => notifications.list(actor.id, query.before));
  route(router, 'POST /api/notifications/read', async ({ actor, body }) => notifications.markRead(actor.id, body));
  return router;
}
