import type { ApiRoute } from '../../shared/api.js';
import type { ClientEventName } from '../../shared/events.js';
import type { Action } from './permissions.js';

/**
 * Where a route finds the resource it acts on:
 * `room:param` / `group:param` — `:id` in the path; `hub:body` — `hubId` in the body;
 * `city:param` — the city's region; `invitation:param` —
 * the group (or the room's group) the invitation is for; `plan:param` — an action plan (`:id`);
 * `roundtable:param` / `roundtable:payload` — a live roundtable (`:id`, or `roundtableId` in the payload);
 * `thread:payload` — a thread named by `subject`, `threadId`, `roomId` (a room's chat) or `planId`
 * (all of a plan's priority threads), its roles those of its subject;
 * `platform` — the whole network.
 */
export type ScopeSource =
  | 'room:param'
  | 'group:param'
  | 'hub:body'
  | 'city:param'
  | 'invitation:param'
  | 'platform'
  | 'room:payload'
  | 'plan:param'
  | 'roundtable:param'
  | 'roundtable:payload'
  | 'thread:payload';

export type AccessRule =
  { access: 'public' } | { access: 'signed_in' } | { access: 'action'; action: Action; scope: ScopeSource };

const act = (action: Action, scope: ScopeSource) => ({ access: 'action', action, scope }) as const;
const PUBLIC = { access: 'public' } as const;
const SIGNED_IN = { access: 'signed_in' } as const;

/**
 * Every REST route and the rule that guards it. A route can only be registered
 * through `route()` with a key from this table, and the authorization matrix
 * test fails for any route or event missing here. The keys are exactly the
 * REST contract's (`shared/api.ts`): the compiler refuses one missing or extra.
 */
export const REST_RULES = {
  'GET /api/health': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': PUBLIC,
  'GET /api/auth/session': PUBLIC,
  'GET /api/auth/password-help': PUBLIC,
  'POST /api/auth/logout-everywhere': SIGNED_IN,
  'GET /api/me': SIGNED_IN,
  'PATCH /api/me': SIGNED_IN,
  'GET /api/me/export': SIGNED_IN,
  'POST /api/me/delete': SIGNED_IN,
  'POST /api/me/password': SIGNED_IN,
  'GET /api/rooms': SIGNED_IN,
  'GET /api/rooms/:id': act('room.read', 'room:param'),
  // the whole document: whoever may connect to it (COLLAB_RULES.room.connect)
  'GET /api/rooms/:id/document': act('room.read', 'room:param'),
  'POST /api/rooms/:id/invitations': act('room.invite', 'room:param'),
  'GET /api/directory': SIGNED_IN,
  'POST /api/hubs': act('platform.manage', 'platform'),
  'PATCH /api/hubs/:id': act('platform.manage', 'platform'),
  'POST /api/cities': act('hub.manage', 'hub:body'),
  'PATCH /api/cities/:id': act('hub.manage', 'city:param'),
  'GET /api/groups': SIGNED_IN,
  'POST /api/groups': act('hub.manage', 'hub:body'),
  'GET /api/groups/:id': act('group.read', 'group:param'),
  'PATCH /api/groups/:id': act('group.manage', 'group:param'),
  'PATCH /api/groups/:id/members/:userId': act('group.manage', 'group:param'),
  'DELETE /api/groups/:id/members/:userId': act('group.manage', 'group:param'),
  'POST /api/groups/:id/rooms': act('group.createRoom', 'group:param'),
  'GET /api/groups/:id/invitations': act('group.invite', 'group:param'),
  'POST /api/groups/:id/invitations': act('group.invite', 'group:param'),
  'DELETE /api/invitations/:id': act('group.invite', 'invitation:param'),
  'GET /api/invitations/:token': PUBLIC,
  'POST /api/invitations/:token/accept': PUBLIC,
  'GET /api/groups/:id/audit': act('group.audit', 'group:param'),
  'GET /api/audit': act('platform.manage', 'platform'),
  'GET /api/users': act('platform.manage', 'platform'),
  'POST /api/users/:id/password-reset': act('platform.manage', 'platform'),
  'GET /api/erasure-requests': act('platform.manage', 'platform'),
  'POST /api/users/:id/erase': act('platform.manage', 'platform'),
  'POST /api/password-resets': PUBLIC,
  'POST /api/password-resets/:token': PUBLIC,
  'GET /api/plans': SIGNED_IN,
  'GET /api/plans/:id': act('plan.read', 'plan:param'),
  // the whole document: whoever may connect to it (COLLAB_RULES.plan.connect)
  'GET /api/plans/:id/document': act('plan.read', 'plan:param'),
  'GET /api/groups/:id/plans': act('group.read', 'group:param'),
  'POST /api/groups/:id/plans': act('group.startPlan', 'group:param'),
  'POST /api/plans/:id/status': act('plan.setStatus', 'plan:param'),
  'GET /api/plans/:id/versions': act('plan.read', 'plan:param'),
  'POST /api/plans/:id/versions': act('plan.edit', 'plan:param'),
  'GET /api/plans/:id/versions/:versionId': act('plan.read', 'plan:param'),
  'POST /api/plans/:id/versions/:versionId/restore': act('plan.edit', 'plan:param'),
  'GET /api/plans/:id/diff': act('plan.read', 'plan:param'),
  'GET /api/plans/:id/history': act('plan.read', 'plan:param'),
  'GET /api/plans/:id/export.md': act('plan.read', 'plan:param'),
  'GET /api/plans/:id/threads': act('plan.read', 'plan:param'),
  'GET /api/roundtables': SIGNED_IN,
  'POST /api/groups/:id/roundtables': act('group.scheduleRoundtable', 'group:param'),
  'GET /api/roundtables/:id': act('roundtable.read', 'roundtable:param'),
  'PATCH /api/roundtables/:id': act('roundtable.manage', 'roundtable:param'),
  'POST /api/roundtables/:id/rsvp': act('roundtable.participate', 'roundtable:param'),
  'GET /api/roundtables/:id/invite.ics': act('roundtable.read', 'roundtable:param'),
  // a session's notes as stored: whoever may connect to them (COLLAB_RULES.notes.connect)
  'GET /api/roundtables/:id/notes': act('roundtable.read', 'roundtable:param'),
  'GET /api/roundtables/:id/minutes': act('roundtable.read', 'roundtable:param'),
  'GET /api/roundtables/:id/minutes.md': act('roundtable.read', 'roundtable:param'),
  'POST /api/roundtables/:id/decisions/priority': act('roundtable.facilitate', 'roundtable:param'),
  'GET /api/threads/unread': SIGNED_IN,
  'GET /api/notifications': SIGNED_IN,
  'POST /api/notifications/read': SIGNED_IN,
  // the list keeps only threads where the policy gives the reader thread.correctTranslation
  'GET /api/translation-reports': SIGNED_IN,
} as const satisfies Record<ApiRoute, AccessRule>;

export type RestRoute = keyof typeof REST_RULES;

/** Every Socket.IO event and its rule; checked on every event, not only at connect. */
export const SOCKET_RULES = {
  'room:join': act('room.read', 'room:payload'),
  'room:leave': SIGNED_IN,
  'thread:open': act('thread.read', 'thread:payload'),
  'thread:leave': SIGNED_IN,
  'thread:post': act('thread.comment', 'thread:payload'),
  'thread:history': act('thread.read', 'thread:payload'),
  'thread:since': act('thread.read', 'thread:payload'),
  'thread:edit': act('thread.comment', 'thread:payload'),
  'thread:delete': act('thread.comment', 'thread:payload'),
  'thread:react': act('thread.comment', 'thread:payload'),
  'thread:pin': act('thread.moderate', 'thread:payload'),
  'thread:hide': act('thread.moderate', 'thread:payload'),
  'thread:resolve': act('thread.resolve', 'thread:payload'),
  'thread:versions': act('thread.moderate', 'thread:payload'),
  'thread:search': act('thread.read', 'thread:payload'),
  'thread:read': act('thread.read', 'thread:payload'),
  'thread:typing': act('thread.comment', 'thread:payload'),
  'thread:people': act('thread.comment', 'thread:payload'),
  'thread:watch-plan': act('thread.read', 'thread:payload'),
  'thread:translate': act('thread.translate', 'thread:payload'),
  'thread:translation-add': act('thread.addTranslation', 'thread:payload'),
  'thread:translation-report': act('thread.reportTranslation', 'thread:payload'),
  'thread:translation-reports': act('thread.correctTranslation', 'thread:payload'),
  'thread:translation-correct': act('thread.correctTranslation', 'thread:payload'),
  'thread:translation-dismiss': act('thread.correctTranslation', 'thread:payload'),
  'roundtable:join': act('roundtable.read', 'roundtable:payload'),
  'roundtable:leave': SIGNED_IN,
  'roundtable:hand': act('roundtable.participate', 'roundtable:payload'),
  'roundtable:facilitate': act('roundtable.facilitate', 'roundtable:payload'),
  'roundtable:poll': act('roundtable.facilitate', 'roundtable:payload'),
  'roundtable:vote': act('roundtable.participate', 'roundtable:payload'),
  'roundtable:ask': act('roundtable.participate', 'roundtable:payload'),
  'roundtable:upvote': act('roundtable.participate', 'roundtable:payload'),
  'roundtable:question': act('roundtable.facilitate', 'roundtable:payload'),
  'roundtable:translate-question': act('roundtable.read', 'roundtable:payload'),
} as const satisfies Record<ClientEventName, AccessRule>;

/**
 * The Yjs sync endpoint, per document kind (the name's prefix: `room-…`):
 * connecting reads the document, sending updates edits it.
 */
export const COLLAB_RULES = {
  room: { connect: 'room.read', write: 'room.edit' },
  /** An adopted plan is read-only for everyone: its kind answers canWrite false and refuses updates. */
  plan: { connect: 'plan.read', write: 'plan.edit' },
  /** A roundtable session's live notes: participants read them, observers only read. */
  notes: { connect: 'roundtable.read', write: 'roundtable.editNotes' },
} as const satisfies Record<string, { connect: Action; write: Action }>;
