import type { AccountService } from '../accounts/account.service.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuthDomain } from '../auth/domain.js';
import type { NetworkDomain } from '../network/domain.js';
import { Mailer } from '../platform/mailer.js';
import type { Platform } from '../platform/platform.js';
import type { RoomModels } from '../rooms/room.model.js';
import { invitationModels } from './invitation.model.js';
import { InvitationsService } from './invitations.service.js';
import { invitationsPersonalData } from './personalData.js';
import { invitationRoutes } from './routes.js';
import { registerInvitationPolicy } from './scope.js';

/** One-time invitation links into a group or a roundtable, emailed when SMTP is configured. */
export function registerInvitations(
  platform: Platform,
  deps: { auth: AuthDomain; network: NetworkDomain; rooms: RoomModels; audit: AuditLog; accounts: AccountService },
): { close(): void } {
  const { config, logger, bus, route, policy } = platform;
  const models = platform.registerModels(invitationModels);
  const all = { ...models, ...deps.rooms, ...deps.network.models, ...deps.auth.models };
  registerInvitationPolicy(policy, all);
  const mailer = new Mailer(config.smtpUrl, config.mailFrom, logger);
  const invitations = new InvitationsService(all, deps.network.network, deps.audit, mailer, bus);
  deps.accounts.registerPersonalData(invitationsPersonalData(models));
  platform.registerRouter(
    invitationRoutes(route, { invitations, sessions: deps.auth.sessions, models: deps.auth.models, config }),
  );
  return { close: () => mailer.close() };
}
