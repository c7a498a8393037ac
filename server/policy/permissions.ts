/**
 * The permission table: which roles may take which action. docs/permissions.md
 * shows the same table for people; the authorization matrix test is generated from it.
 */
export const ROLES = ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** See a roundtable room, read its document and thread. */
  'room.read': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest'],
  /** Post in a room's discussion thread. */
  'room.comment': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest'],
  /** Change a room's shared document. */
  'room.edit': ['admin', 'hub_staff', 'chair', 'member'],
  /** Invite a roundtable guest into a room. */
  'room.invite': ['admin', 'hub_staff'],
  /** See a group: its members, roles, rooms. */
  'group.read': ['admin', 'hub_staff', 'chair', 'member', 'observer'],
  /** Rename a group, change its cap, change or remove members. */
  'group.manage': ['admin', 'hub_staff'],
  /** Change how many members a group may have. */
  'group.setCap': ['admin'],
  /** Invite people into a group with a role; list and revoke its invitations. */
  'group.invite': ['admin', 'hub_staff'],
  /** Open a new roundtable room for a group. */
  'group.createRoom': ['admin', 'hub_staff'],
  /** Read a group's audit log. */
  'group.audit': ['admin', 'chair'],
  /** Create groups and cities in a region. */
  'hub.manage': ['admin', 'hub_staff'],
  /** Create and rename regions; manage accounts; read the whole audit log. */
  'platform.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** The action that decides whether a resource is visible at all (else: 404, not 403). */
export const VISIBILITY: Record<ScopeKind, Action | null> = {
  room: 'room.read',
  group: 'group.read',
  hub: null,
  platform: null,
};
export type ScopeKind = 'room' | 'group' | 'hub' | 'platform';

export function allows(roles: ReadonlySet<Role>, action: Action): boolean {
  return PERMISSIONS[action].some((role) => roles.has(role));
}
