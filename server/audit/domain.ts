import type { Platform } from '../platform/platform.js';
import { auditModels } from './audit.model.js';
import { AuditLog } from './audit.service.js';
import { auditRoutes } from './routes.js';

/** The audit log: who did what, for admins and group chairs. */
export function registerAudit(platform: Platform): AuditLog {
  const audit = new AuditLog(platform.registerModels(auditModels), platform.logger.child({ domain: 'audit' }));
  platform.registerRouter(auditRoutes(platform.route, audit));
  return audit;
}
