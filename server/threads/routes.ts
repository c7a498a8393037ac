import { Router } from 'express';
import type { Route } from '../http/route.js';
import type { Notifications } from './notifications.js';
import type { ThreadReader } from './threads.service.js';
import type { Translations } from './translation/translations.service.js';

export function threadRoutes(
  route: Route,
  reader: ThreadReader,
  notifications: Notifications,
  translations: Translations,
): Router {
  const router = Router();
  route(router, 'GET /api/plans/:id/threads', async ({ params }) => reader.planCounts(params.id));
  route(router, 'GET /api/threads/unread', async ({ actor }) => ({ threads: await reader.unreadFor(actor.id) }));
  route(router, 'GET /api/notifications', async ({ actor, query }) => notifications.list(actor.id, query.before));
  route(router, 'POST /api/notifications/read', async ({ actor, body }) => notifications.markRead(actor.id, body));
  route(router, 'GET /api/translation-reports', async ({ actor }) => ({
    reports: await translations.moderatedReports(actor),
  }));
  return router;
}
