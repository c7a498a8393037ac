import { z } from 'zod';
import type { AccountExport, AccountView, ErasureRequestView, IssuedPasswordReset } from './schemas/accounts.js';
import { deleteAccountBodySchema } from './schemas/accounts.js';
import type { AuditEntryView } from './schemas/audit.js';
import type { ModeratedReportItem } from './schemas/translations.js';
import { forgotPasswordBodySchema, loginBodySchema, type Me, type PasswordHelp } from './schemas/auth.js';
import { objectIdSchema } from './schemas/common.js';
import {
  acceptInvitationBodySchema,
  groupInvitationBodySchema,
  passwordChangeBodySchema,
  passwordResetBodySchema,
  roomInvitationBodySchema,
  type AcceptedInvitation,
  type CreatedInvitation,
  type InvitationPreview,
  type InvitationView,
} from './schemas/invitations.js';
import {
  cityBodySchema,
  cityPatchSchema,
  groupBodySchema,
  groupPatchSchema,
  hubBodySchema,
  hubPatchSchema,
  memberRoleSchema,
  profilePatchSchema,
  type CityView,
  type DirectoryView,
  type GroupSummary,
  type GroupView,
  type HubView,
} from './schemas/network.js';
import {
  diffQuerySchema,
  exportQuerySchema,
  historyQuerySchema,
  planCreateSchema,
  plansQuerySchema,
  planStatusBodySchema,
  versionCreateSchema,
  versionParamsSchema,
  type PlanDiff,
  type PlanHistoryEntry,
  type PlanSummary,
  type PlanView,
  type ReviewPlan,
  type VersionSummary,
  type VersionView,
} from './plans/schemas.js';
import { roomCreateSchema, type RoomView } from './schemas/rooms.js';
import {
  decisionToPriorityBodySchema,
  minutesQuerySchema,
  sessionQuerySchema,
  type MinutesView,
  roundtableBodySchema,
  roundtablePatchSchema,
  rsvpBodySchema,
  type RoundtableView,
} from './roundtables/schemas.js';
import {
  notificationsQuerySchema,
  notificationsReadSchema,
  type NotificationView,
  type PlanThreadCounts,
  type UnreadView,
} from './schemas/threads.js';

declare const responseType: unique symbol;

/** What a route accepts, validated by the server before its handler runs. */
export interface EndpointSchemas {
  params?: z.ZodType<Record<string, string>>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The status of a success; 204 answers without a body. Default 200. */
  status?: 200 | 201 | 204;
  /** Answers the handler's string as this content type instead of JSON (e.g. a Markdown export). */
  contentType?: string;
}

/** An endpoint's schemas, carrying its response type (a type only: nothing of it exists at run time). */
export type Endpoint<S extends EndpointSchemas, Res> = S & { readonly [responseType]: Res };

const endpoint =
  <Res = void>() =>
  <const S extends EndpointSchemas>(schemas: S): Endpoint<S, Res> =>
    schemas as Endpoint<S, Res>;

const idParams = z.object({ id: objectIdSchema });
const tokenParams = z.object({ token: z.string().min(1).max(200) });
const memberParams = z.object({ id: objectIdSchema, userId: objectIdSchema });
const auditQuery = z.object({ before: objectIdSchema.optional() });

export interface HealthView {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
  /** Cluster mode only (REDIS_URL set). */
  redis?: 'up' | 'down';
  /**
   * One node only (see COLLAB_JOURNAL): `failed` once its file could not be written (every
   * update then goes to the database directly); `backlogBytes` not yet copied to the database;
   * `syncs`: where its fdatasync runs, the thread pool while the disk is slow.
   */
  journal?: { state: 'writing' | 'failed'; backlogBytes: number; syncs: 'event-loop' | 'thread-pool' };
  version: string;
}

/**
 * The REST contract: every route (the same keys as the server's policy rule
 * table), what it accepts and what it answers. The server's `route()` and the
 * client's `api()` are both typed from here, so each shape is written once.
 */
export const API = {
  'GET /api/health': endpoint<HealthView>()({}),
  'POST /api/auth/login': endpoint<{ user: Me }>()({ body: loginBodySchema }),
  'POST /api/auth/logout': endpoint()({ status: 204 }),
  'POST /api/auth/logout-everywhere': endpoint()({ status: 204 }),
  'GET /api/auth/session': endpoint<{ user: Me | null }>()({}),
  'GET /api/auth/password-help': endpoint<PasswordHelp>()({}),
  'GET /api/me': endpoint<{ user: Me }>()({}),
  'PATCH /api/me': endpoint<{ user: Me }>()({ body: profilePatchSchema }),
  'GET /api/me/export': endpoint<AccountExport>()({}),
  'POST /api/me/password': endpoint()({ body: passwordChangeBodySchema, status: 204 }),
  'POST /api/me/delete': endpoint()({ body: deleteAccountBodySchema, status: 204 }),
  'GET /api/rooms': endpoint<{ rooms: RoomView[] }>()({}),
  'GET /api/rooms/:id': endpoint<{ room: RoomView }>()({ params: idParams }),
  /**
   * The room's shared document as stored, one Yjs update (V1): for a page whose network blocks
   * the live sync (WebSockets), so it still shows, and builds on, the real document.
   */
  'GET /api/rooms/:id/document': endpoint<Uint8Array>()({ params: idParams, contentType: 'application/octet-stream' }),
  'POST /api/rooms/:id/invitations': endpoint<CreatedInvitation>()({
    params: idParams,
    body: roomInvitationBodySchema,
    status: 201,
  }),
  'GET /api/directory': endpoint<DirectoryView>()({}),
  'POST /api/hubs': endpoint<{ hub: HubView }>()({ body: hubBodySchema, status: 201 }),
  'PATCH /api/hubs/:id': endpoint<{ hub: HubView }>()({ params: idParams, body: hubPatchSchema }),
  'POST /api/cities': endpoint<{ city: CityView }>()({ body: cityBodySchema, status: 201 }),
  'PATCH /api/cities/:id': endpoint<{ city: CityView }>()({ params: idParams, body: cityPatchSchema }),
  'GET /api/groups': endpoint<{ groups: GroupSummary[] }>()({}),
  'POST /api/groups': endpoint<{ group: GroupSummary }>()({ body: groupBodySchema, status: 201 }),
  'GET /api/groups/:id': endpoint<{ group: GroupView }>()({ params: idParams }),
  'PATCH /api/groups/:id': endpoint<{ group: GroupSummary }>()({ params: idParams, body: groupPatchSchema }),
  'PATCH /api/groups/:id/members/:userId': endpoint()({ params: memberParams, body: memberRoleSchema, status: 204 }),
  'DELETE /api/groups/:id/members/:userId': endpoint()({ params: memberParams, status: 204 }),
  'POST /api/groups/:id/rooms': endpoint<{ room: RoomView }>()({
    params: idParams,
    body: roomCreateSchema,
    status: 201,
  }),
  'GET /api/groups/:id/invitations': endpoint<{ invitations: InvitationView[] }>()({ params: idParams }),
  'POST /api/groups/:id/invitations': endpoint<CreatedInvitation>()({
    params: idParams,
    body: groupInvitationBodySchema,
    status: 201,
  }),
  'DELETE /api/invitations/:id': endpoint()({ params: idParams, status: 204 }),
  'GET /api/invitations/:token': endpoint<{ invitation: InvitationPreview }>()({ params: tokenParams }),
  'POST /api/invitations/:token/accept': endpoint<{ user: Me } & AcceptedInvitation>()({
    params: tokenParams,
    body: acceptInvitationBodySchema,
  }),
  'GET /api/groups/:id/audit': endpoint<{ entries: AuditEntryView[] }>()({ params: idParams, query: auditQuery }),
  'GET /api/audit': endpoint<{ entries: AuditEntryView[] }>()({ query: auditQuery }),
  'GET /api/users': endpoint<{ users: AccountView[] }>()({}),
  'POST /api/users/:id/password-reset': endpoint<IssuedPasswordReset>()({ params: idParams, status: 201 }),
  'GET /api/erasure-requests': endpoint<{ requests: ErasureRequestView[] }>()({}),
  /** How many records of each kind were erased, by the domain that held them. */
  'POST /api/users/:id/erase': endpoint<Record<string, number>>()({ params: idParams }),
  /** The same answer whether or not the address has an account. */
  'POST /api/password-resets': endpoint<PasswordHelp>()({ body: forgotPasswordBodySchema }),
  'POST /api/password-resets/:token': endpoint()({ params: tokenParams, body: passwordResetBodySchema, status: 204 }),
  // action plans (docs/plans.md)
  'GET /api/plans': endpoint<{ plans: ReviewPlan[] }>()({ query: plansQuerySchema }),
  'GET /api/plans/:id': endpoint<{ plan: PlanView }>()({ params: idParams }),
  /**
   * The plan's document as stored (one Yjs update), for a page whose network blocks the live sync
   * (WebSockets): it still shows the plan, and edits build on it (see GET /api/rooms/:id/document).
   */
  'GET /api/plans/:id/document': endpoint<Uint8Array>()({ params: idParams, contentType: 'application/octet-stream' }),
  'GET /api/groups/:id/plans': endpoint<{ plans: PlanSummary[] }>()({ params: idParams }),
  'POST /api/groups/:id/plans': endpoint<{ plan: PlanView }>()({
    params: idParams,
    body: planCreateSchema,
    status: 201,
  }),
  'POST /api/plans/:id/status': endpoint<{ plan: PlanView }>()({ params: idParams, body: planStatusBodySchema }),
  'GET /api/plans/:id/versions': endpoint<{ versions: VersionSummary[] }>()({ params: idParams }),
  'POST /api/plans/:id/versions': endpoint<{ version: VersionSummary }>()({
    params: idParams,
    body: versionCreateSchema,
    status: 201,
  }),
  'GET /api/plans/:id/versions/:versionId': endpoint<{ version: VersionView }>()({ params: versionParamsSchema }),
  /** Restores a version as a new change (never rewriting history); answers the plan as it now is. */
  'POST /api/plans/:id/versions/:versionId/restore': endpoint<{ plan: PlanView }>()({ params: versionParamsSchema }),
  'GET /api/plans/:id/diff': endpoint<{ diff: PlanDiff }>()({ params: idParams, query: diffQuerySchema }),
  'GET /api/plans/:id/history': endpoint<{ entries: PlanHistoryEntry[] }>()({
    params: idParams,
    query: historyQuerySchema,
  }),
  /** Markdown, labels in `lang` (falls back to English), content as written. */
  'GET /api/plans/:id/export.md': endpoint<string>()({
    params: idParams,
    query: exportQuerySchema,
    contentType: 'text/markdown; charset=utf-8',
  }),
  // live roundtables (docs/roundtables.md)
  /** Upcoming roundtables the person may see, soonest first (the home page). */
  'GET /api/roundtables': endpoint<{ roundtables: RoundtableView[] }>()({}),
  'POST /api/groups/:id/roundtables': endpoint<{ roundtable: RoundtableView }>()({
    params: idParams,
    body: roundtableBodySchema,
    status: 201,
  }),
  'GET /api/roundtables/:id': endpoint<{ roundtable: RoundtableView }>()({ params: idParams }),
  'PATCH /api/roundtables/:id': endpoint<{ roundtable: RoundtableView }>()({
    params: idParams,
    body: roundtablePatchSchema,
  }),
  'POST /api/roundtables/:id/rsvp': endpoint<{ roundtable: RoundtableView }>()({
    params: idParams,
    body: rsvpBodySchema,
  }),
  /** An iCalendar invite (times in UTC, so every calendar shows the right local time). */
  'GET /api/roundtables/:id/invite.ics': endpoint<string>()({
    params: idParams,
    contentType: 'text/calendar; charset=utf-8',
  }),
  /**
   * A session's live notes as stored (one Yjs update), for a page whose network blocks the live
   * sync (WebSockets): it still shows them (see GET /api/rooms/:id/document).
   */
  'GET /api/roundtables/:id/notes': endpoint<Uint8Array>()({
    params: idParams,
    query: sessionQuerySchema,
    contentType: 'application/octet-stream',
  }),
  /** A session's minutes, from its stored state (final once the session is closed). */
  'GET /api/roundtables/:id/minutes': endpoint<{ minutes: MinutesView }>()({
    params: idParams,
    query: minutesQuerySchema,
  }),
  /** The minutes as Markdown, labels in `lang`. */
  'GET /api/roundtables/:id/minutes.md': endpoint<string>()({
    params: idParams,
    query: minutesQuerySchema,
    contentType: 'text/markdown; charset=utf-8',
  }),
  /** Turns a recorded decision into a priority of the linked plan (once; again answers the same one). */
  'POST /api/roundtables/:id/decisions/priority': endpoint<{ priorityId: string }>()({
    params: idParams,
    body: decisionToPriorityBodySchema,
  }),
  // discussion threads (docs/threads.md)
  /** Comment count and unresolved state of every priority of the plan that has a thread. */
  'GET /api/plans/:id/threads': endpoint<PlanThreadCounts>()({ params: idParams }),
  /** The reader's unread counts, for the threads they have opened. */
  'GET /api/threads/unread': endpoint<{ threads: UnreadView[] }>()({}),
  'GET /api/notifications': endpoint<{ notifications: NotificationView[]; unread: number }>()({
    query: notificationsQuerySchema,
  }),
  'POST /api/notifications/read': endpoint<{ unread: number }>()({ body: notificationsReadSchema }),
  /** Open reports of translation errors in every thread the reader may correct translations in. */
  'GET /api/translation-reports': endpoint<{ reports: ModeratedReportItem[] }>()({}),
} as const;

export type ApiRoute = keyof typeof API;
type Spec<K extends ApiRoute> = (typeof API)[K];
type Part<K extends ApiRoute, P extends 'params' | 'query' | 'body'> =
  Spec<K> extends Record<P, z.ZodType> ? Spec<K>[P] : undefined;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
type Input<S> = S extends z.ZodType ? z.input<S> : undefined;

/** The response body of a route (`void` for 204). */
export type ApiResponse<K extends ApiRoute> = Spec<K>[typeof responseType];

/** What a route's handler receives, parsed by the contract's schemas. */
export interface ApiInput<K extends ApiRoute> {
  params: Output<Part<K, 'params'>>;
  query: Output<Part<K, 'query'>>;
  body: Output<Part<K, 'body'>>;
}

type Parts = 'params' | 'query' | 'body';
type Taken<K extends ApiRoute> = { [P in Parts]: Part<K, P> extends undefined ? never : P }[Parts];
type OptionalPart<K extends ApiRoute> = { [P in Taken<K>]: object extends Input<Part<K, P>> ? P : never }[Taken<K>];

/** What a caller sends: only the parts the route takes; a part whose fields are all optional may be left out. */
export type ApiRequest<K extends ApiRoute> = {
  [P in Exclude<Taken<K>, OptionalPart<K>>]: Input<Part<K, P>>;
} & { [P in OptionalPart<K>]?: Input<Part<K, P>> };
