import { Router } from 'express';
import type { Route } from '../http/route.js';
import type { AuditLog } from './audit.service.js';

export function auditRoutes(route: Route, audit: AuditLog): Router {
  const router = Router();
  route(router, 'GET /api/groups/:id/audit', async ({ params, query }) => ({
    entries: await audit.list({ groupId: params.id }, query.before),
  }));
  route(router, 'GET /api/audit', async ({ query }) => ({ entries: await audit.list({}, query.before) }));
  return router;
}
