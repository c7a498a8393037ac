import { PERMISSIONS, VISIBILITY, type Action, type Role, type ScopeKind } from '../../server/policy/permissions.js';
import type { REST_RULES, RestRoute, ScopeSource, SOCKET_RULES } from '../../server/policy/rules.js';

/** The kinds of people the authorization matrix calls every channel as. */
export const PERSONAS = [
  'anonymous',
  'outsider',
  'admin',
  'hubStaff',
  'chair',
  'member',
  'observer',
  'guest',
  'committee',
] as const;
export type Persona = (typeof PERSONAS)[number];

/**
 * The roles each persona holds on the target room, group, plan, region and platform — by
 * construction of the world. The target thread is a priority's of the target plan: its roles are
 * the plan's (room chats and group discussions are covered per subject in threadsAccess.test.ts).
 */
export const ROLES_ON: Record<Persona, Record<ScopeKind, Role[]>> = {
  anonymous: { room: [], group: [], roundtable: [], plan: [], thread: [], hub: [], platform: [] },
  outsider: { room: [], group: [], roundtable: [], plan: [], thread: [], hub: [], platform: [] },
  admin: {
    room: ['admin'],
    group: ['admin'],
    roundtable: ['admin'],
    plan: ['admin'],
    thread: ['admin'],
    hub: ['admin'],
    platform: ['admin'],
  },
  hubStaff: {
    room: ['hub_staff'],
    group: ['hub_staff'],
    roundtable: ['hub_staff'],
    plan: ['hub_staff'],
    thread: ['hub_staff'],
    hub: ['hub_staff'],
    platform: [],
  },
  chair: {
    room: ['chair'],
    group: ['chair'],
    roundtable: ['chair'],
    plan: ['chair'],
    thread: ['chair'],
    hub: [],
    platform: [],
  },
  member: {
    room: ['member'],
    group: ['member'],
    roundtable: ['member'],
    plan: ['member'],
    thread: ['member'],
    hub: [],
    platform: [],
  },
  observer: {
    room: ['observer'],
    group: ['observer'],
    roundtable: ['observer'],
    plan: ['observer'],
    thread: ['observer'],
    hub: [],
    platform: [],
  },
  guest: { room: ['guest'], group: [], roundtable: [], plan: [], thread: [], hub: [], platform: [] },
  // sits on the steering committee: reviews every region's plan (and comments on its priorities), nothing else
  committee: { room: [], group: [], roundtable: [], plan: ['committee'], thread: ['committee'], hub: [], platform: [] },
};

export const SCOPE_KIND: Record<ScopeSource, ScopeKind> = {
  'room:param': 'room',
  'room:payload': 'room',
  'group:param': 'group',
  'invitation:param': 'group',
  'hub:body': 'hub',
  'city:param': 'hub',
  platform: 'platform',
  'plan:param': 'plan',
  'roundtable:param': 'roundtable',
  'roundtable:payload': 'roundtable',
  'thread:payload': 'thread',
};

export type Outcome = 'allowed' | 401 | 403 | 404;

export const holds = (roles: Role[], action: Action) => PERMISSIONS[action].some((r) => roles.includes(r));

export function expected(
  persona: Persona,
  rule: (typeof REST_RULES)[RestRoute] | (typeof SOCKET_RULES)[keyof typeof SOCKET_RULES],
): Outcome {
  if (rule.access === 'public') return 'allowed';
  if (persona === 'anonymous') return 401;
  if (rule.access === 'signed_in') return 'allowed';
  const kind = SCOPE_KIND[rule.scope];
  const roles = ROLES_ON[persona][kind];
  if (holds(roles, rule.action)) return 'allowed';
  const visibility = VISIBILITY[kind];
  return visibility && !holds(roles, visibility) ? 404 : 403;
}
