import type { AuditLog } from '../audit/audit.service.js';
import type { AuthDomain } from '../auth/domain.js';
import type { Platform } from '../platform/platform.js';
import { AccountService } from './account.service.js';
import { accountModels } from './erasure.model.js';
import { accountRoutes } from './routes.js';

/** A person's own data (export, deletion) and the admin's account tools; other domains add their parts. */
export function registerAccounts(platform: Platform, deps: { auth: AuthDomain; audit: AuditLog }): AccountService {
  const models = { ...platform.registerModels(accountModels), ...deps.auth.models };
  const accounts = new AccountService(models, deps.auth.sessions, deps.audit, platform.bus);
  platform.registerRouter(accountRoutes(platform.route, accounts, platform.config, platform.failureLimiters));
  return accounts;
}
