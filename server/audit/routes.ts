import { Router } from 'express';
import type { Route } from '../http/route.js';
import type { AuditLog } from './audit.service.js';

export function auditRoutes(route: Route, audit: AuditLog): Router {
  const router = Router();
  const before = (value: unknown) => (typeof value === 'string' ? value : undefined);
  route(router, 'GET /api/groups/:id/audit', async (req, res) => {
    res.json({ entries: await audit.list({ groupId: String(req.params.id) }, before(req.query.before)) });
  });
  route(router, 'GET /api/audit', async (req, res) => {
    res.json({ entries: await audit.list({}, before(req.query.before)) });
  });
  return router;
}
