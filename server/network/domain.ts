import type { AccountService } from '../accounts/account.service.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuthDomain } from '../auth/domain.js';
import type { Platform } from '../platform/platform.js';
import { networkModels, type NetworkModels } from './network.model.js';
import { NetworkService } from './network.service.js';
import { networkPersonalData } from './personalData.js';
import { profileRoutes } from './profileRoutes.js';
import { networkRoutes } from './routes.js';
import { registerNetworkPolicy } from './scope.js';

export interface NetworkDomain {
  models: NetworkModels;
  network: NetworkService;
}

/** Regions, cities, groups and memberships: who holds which role where. */
export function registerNetwork(
  platform: Platform,
  deps: {
    auth: AuthDomain;
    audit: AuditLog;
    accounts: AccountService;
    roomsOfGroup: (groupId: string) => Promise<{ id: string; title: string }[]>;
  },
): NetworkDomain {
  const { policy, bus, route } = platform;
  const models = platform.registerModels(networkModels);
  registerNetworkPolicy(policy, models);
  const network = new NetworkService(
    { ...models, ...deps.auth.models },
    policy,
    deps.audit,
    bus,
    deps.auth.sessions,
    deps.roomsOfGroup,
  );
  deps.accounts.registerPersonalData(networkPersonalData(models, deps.audit));
  platform.registerRouter(networkRoutes(route, network, policy));
  platform.registerRouter(profileRoutes(route, { ...models, ...deps.auth.models }));
  return { models, network };
}
