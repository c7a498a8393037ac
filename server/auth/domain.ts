import type { AuditLog } from '../audit/audit.service.js';
import { Mailer } from '../platform/mailer.js';
import type { Platform } from '../platform/platform.js';
import { authModels, type AuthModels } from './models.js';
import { PasswordResets } from './passwordResets.js';
import { passwordResetRoutes } from './resetRoutes.js';
import { authRoutes } from './routes.js';
import { SessionStore } from './sessions.js';

export interface AuthDomain {
  models: AuthModels;
  sessions: SessionStore;
  close(): void;
}

/** Accounts' credentials and sessions: sign-in, sign-out, reset links; every channel authenticates here. */
export async function registerAuth(platform: Platform, deps: { audit: AuditLog }): Promise<AuthDomain> {
  const { config, logger, bus, route } = platform;
  const models = platform.registerModels(authModels);
  const sessions = new SessionStore(
    models,
    config.sessionSecret,
    { maxAgeMs: config.sessionTtlMs, idleMs: config.sessionIdleMs },
    bus,
  );
  sessions.onTouchFailed = (error) => logger.warn({ err: error }, 'could not record a session as used');
  platform.useAuthenticator(sessions);
  await sessions.sweepExpired();
  const sweep = setInterval(() => {
    sessions.sweepExpired().catch((error: unknown) => logger.warn({ err: error }, 'session sweep failed'));
  }, 3600_000);
  sweep.unref();
  const mailer = new Mailer(config.smtpUrl, config.mailFrom, logger);
  const resets = new PasswordResets(models, sessions, deps.audit, bus, mailer, logger.child({ domain: 'auth' }));
  platform.registerRouter(
    authRoutes(route, { models, sessions, config, logger, audit: deps.audit, bus, limiters: platform.failureLimiters }),
  );
  platform.registerRouter(passwordResetRoutes(route, resets, config, platform.failureLimiters));
  return {
    models,
    sessions,
    close: () => {
      clearInterval(sweep);
      mailer.close();
    },
  };
}
