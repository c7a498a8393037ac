import type { Abilities, Action, ScopeKind } from '../../shared/permissions.js';

/**
 * The permission table: which roles may take which action. docs/permissions.md
 * shows the same table for people; the authorization matrix test is generated from it.
 */
export const ROLES = [
  'admin',
  'hub_staff',
  'chair',
  'member',
  'observer',
  'guest',
  'committee',
  'facilitator',
] as const;
export type Role = (typeof ROLES)[number];

/** Who may invite a guest into a room; the roundtable page's invitation form follows the same roles. */
const GUEST_INVITERS = ['admin', 'hub_staff'] as const;

export const PERMISSIONS = {
  /** See a roundtable room, read its document and thread. */
  'room.read': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest'],
  /** Post in a room's discussion thread. */
  'room.comment': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest'],
  /** Change a room's shared document. */
  'room.edit': ['admin', 'hub_staff', 'chair', 'member'],
  /** Invite a roundtable guest into a room. */
  'room.invite': GUEST_INVITERS,
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
  /** Start a group's action plan for a period (optionally carrying over unfinished priorities). */
  'group.startPlan': ['admin', 'hub_staff', 'chair'],
  /** Schedule a live roundtable for a group (its sessions, agenda, plan, call link, invitees). */
  'group.scheduleRoundtable': ['admin', 'hub_staff', 'chair'],
  /** Read an action plan, its versions, history and export (the steering committee reviews every region's). */
  'plan.read': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'committee'],
  /** Co-edit a plan (while draft or in review), name a version, restore one. */
  'plan.edit': ['admin', 'hub_staff', 'chair', 'member'],
  /** Move a plan draft → review → adopted, or back from review to draft. */
  'plan.setStatus': ['admin', 'hub_staff', 'chair'],
  /**
   * Live roundtables. Roles come from the roundtable's group and region; the people the
   * organiser names as facilitators hold `facilitator` on that roundtable only, and guests
   * invited into one of its session rooms hold `guest` on it.
   */
  /** See a roundtable, its sessions and live state, download its invite, read its minutes. */
  'roundtable.read': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest', 'facilitator'],
  /** RSVP, raise a hand, vote in polls, ask and upvote questions. */
  'roundtable.participate': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest', 'facilitator'],
  /** Open and close a session, call speakers, reorder the queue, set time limits, move the agenda, run polls. */
  'roundtable.facilitate': ['admin', 'hub_staff', 'chair', 'facilitator'],
  /** Change a roundtable's schedule, agenda, link, facilitators and invitees. */
  'roundtable.manage': ['admin', 'hub_staff', 'chair'],
  /** Co-edit a session's notes (a `notes-…` document); observers read them only. */
  'roundtable.editNotes': ['admin', 'hub_staff', 'chair', 'member', 'guest', 'facilitator'],
  /**
   * Invite a guest (a mayor from outside the group) by link into one of its sessions. The
   * invitation itself is `POST /api/rooms/:id/invitations` on the session's room, which
   * `room.invite` guards: the same roles, so the form shows only to those it will accept.
   */
  'roundtable.invite': GUEST_INVITERS,
  /**
   * Discussion threads. A thread's roles come from its subject: on a room's chat, the room's
   * (its group's members, region staff, invited guests); on a priority, the plan's (its group,
   * region staff, and the steering committee, which reviews it); on a group's discussion, the
   * group's. So guests only ever hold a role on a room's chat, the committee only on priorities.
   */
  /** Read a thread, search it, see who reacted. */
  'thread.read': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest', 'committee'],
  /** Post, reply, react; edit and delete one's own messages. */
  'thread.comment': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest', 'committee'],
  /** Hide a message with a reason (audited), pin, delete anyone's, see earlier versions. */
  'thread.moderate': ['admin', 'hub_staff', 'chair'],
  /** Resolve or reopen a priority's thread. */
  'thread.resolve': ['admin', 'hub_staff', 'chair', 'member'],
  /** Read a message's translations and ask for a machine translation. */
  'thread.translate': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest', 'committee'],
  /** Add one's own translation of a message (an interpreter's, say). */
  'thread.addTranslation': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest', 'committee'],
  /** Report an error in a translation. */
  'thread.reportTranslation': ['admin', 'hub_staff', 'chair', 'member', 'observer', 'guest', 'committee'],
  /**
   * See reported translation errors (in the thread, and in the list across every thread where one
   * holds this), correct a translation (the correction becomes a human one) or dismiss a report;
   * both audit-logged.
   */
  'thread.correctTranslation': ['admin', 'hub_staff', 'chair'],
  /** Create groups and cities in a region. */
  'hub.manage': ['admin', 'hub_staff'],
  /** Create and rename regions; manage accounts; read the whole audit log. */
  'platform.manage': ['admin'],
} as const satisfies Record<Action, readonly Role[]>;

/** The action that decides whether a resource is visible at all (else: 404, not 403). */
export const VISIBILITY: Record<ScopeKind, Action | null> = {
  room: 'room.read',
  group: 'group.read',
  plan: 'plan.read',
  roundtable: 'roundtable.read',
  thread: 'thread.read',
  hub: null,
  platform: null,
};

export function allows(roles: ReadonlySet<Role>, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).some((role) => roles.has(role));
}

/** The viewer's abilities on one kind of resource, straight from the table. */
export function abilitiesOf<K extends ScopeKind>(roles: ReadonlySet<Role>, kind: K): Abilities<K> {
  const abilities: Record<string, boolean> = {};
  for (const action of Object.keys(PERMISSIONS) as Action[]) {
    const [actionKind, verb] = action.split('.') as [string, string];
    if (actionKind === kind) abilities[verb] = allows(roles, action);
  }
  return abilities as Abilities<K>;
}

export type { Action, ScopeKind };
