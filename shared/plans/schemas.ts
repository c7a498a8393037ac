import { z } from 'zod';
import type { Abilities } from '../permissions.js';
import { objectIdSchema } from '../schemas/common.js';

/** A plan moves draft → review → adopted (and review → draft); an adopted plan is read-only. */
export const PLAN_STATUSES = ['draft', 'review', 'adopted'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** The four kinds of priority an action plan lists (docs/plans.md). */
export const PRIORITY_KINDS = ['training', 'partnerships', 'advocacy', 'policy_outputs'] as const;
export type PriorityKind = (typeof PRIORITY_KINDS)[number];

export const PRIORITY_STATUSES = ['proposed', 'agreed', 'in_progress', 'done', 'dropped'] as const;
export type PriorityStatus = (typeof PRIORITY_STATUSES)[number];
/** Statuses carried over into the next period's plan when it is started with `carryOver`. */
export const UNFINISHED_STATUSES: readonly PriorityStatus[] = ['proposed', 'agreed', 'in_progress'];

/** The lifecycle moves allowed, from → to. */
export const PLAN_TRANSITIONS: Record<PlanStatus, readonly PlanStatus[]> = {
  draft: ['review'],
  review: ['adopted', 'draft'],
  adopted: [],
};

/** A semi-annual period: `2026-H1` (January–June) or `2026-H2`. Sorts as text. */
export const periodSchema = z.string().regex(/^20\d\d-H[12]$/, 'a period like 2026-H1');
/** A priority's target: a quarter (`2026-Q2`) or a date (`2026-05-31`), or empty. */
export const targetSchema = z.string().regex(/^(|20\d\d-Q[1-4]|20\d\d-\d\d-\d\d)$/, 'a quarter like 2026-Q2 or a date');
/** Priority ids are client-generated v4 UUIDs (shared/ids.ts); the server accepts this shape. */
export const priorityIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export interface PersonRef {
  id: string;
  name: string;
}

export interface LastEdit {
  userId: string;
  name: string;
  /** ISO time. */
  at: string;
}

/** One priority as REST shows it: derived server-side from the plan's Yjs document. */
export interface PriorityView {
  id: string;
  kind: PriorityKind;
  title: string;
  /** The rich-text description as plain text (paragraphs separated by blank lines). */
  description: string;
  status: PriorityStatus;
  /** A group member's user id, resolved to a name; null when nobody owns it yet. */
  owner: PersonRef | null;
  /** `2026-Q2`, `2026-05-31` or '' (see targetSchema). */
  target: string;
  linkedCities: { id: string; name: string; nameLatin: string }[];
  /** Where a carried-over priority came from: the earlier plan and its priority id. */
  carriedFrom: { planId: string; priorityId: string } | null;
  lastEditedBy: LastEdit | null;
}

/** A plan: GET /api/plans/:id. Priorities in order; deleted ones are not listed. */
export interface PlanView {
  id: string;
  groupId: string;
  group: { id: string; name: string; kind: string };
  hub: { id: string; name: string } | null;
  period: string;
  status: PlanStatus;
  /** The Yjs document to connect to: `/collab/<documentName>` (`plan-<id>`). */
  documentName: string;
  title: string;
  /** The introduction as plain text. */
  intro: string;
  priorities: PriorityView[];
  /** What the viewer may do, from the permission table (read, edit, setStatus). */
  abilities: Abilities<'plan'>;
  /** True when the viewer may change the document now: `abilities.edit` and the plan is not adopted. */
  writable: boolean;
  lastEditedBy: LastEdit | null;
  createdAt: string;
  updatedAt: string;
}

/** A plan in a group's list (GET /api/groups/:id/plans, newest period first). */
export interface PlanSummary {
  id: string;
  groupId: string;
  period: string;
  status: PlanStatus;
  title: string;
  documentName: string;
  priorityCount: number;
  updatedAt: string;
}

/** One priority on the steering committee's review list (GET /api/plans?period=…). */
export interface ReviewPriority {
  id: string;
  kind: PriorityKind;
  title: string;
  status: PriorityStatus;
  owner: PersonRef | null;
  target: string;
  /** Comments on the priority's thread; 0 until threads on priorities exist. */
  commentCount: number;
  unresolved: boolean;
}

export interface ReviewPlan {
  id: string;
  period: string;
  status: PlanStatus;
  title: string;
  group: { id: string; name: string; kind: string };
  hub: { id: string; name: string } | null;
  priorities: ReviewPriority[];
}

export const VERSION_REASONS = ['named', 'status', 'checkpoint', 'restore', 'created'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

export interface VersionSummary {
  id: string;
  name: string;
  reason: VersionReason;
  author: PersonRef | null;
  createdAt: string;
}

/** A version opened read-only: the plan as it was (abilities and writable are always false). */
export interface VersionView extends VersionSummary {
  plan: Omit<PlanView, 'abilities' | 'writable'>;
}

export type PriorityField = 'kind' | 'title' | 'description' | 'status' | 'owner' | 'target' | 'cities' | 'order';

export interface PriorityChange {
  id: string;
  title: string;
  fields: PriorityField[];
  /** Old and new values of the changed fields (text fields as plain text). */
  before: Partial<Record<PriorityField, string>>;
  after: Partial<Record<PriorityField, string>>;
}

/** What changed between two versions (or a version and the current plan). */
export interface PlanDiff {
  from: { id: string; name: string };
  to: { id: string; name: string };
  titleChanged: { before: string; after: string } | null;
  introChanged: { before: string; after: string } | null;
  added: { id: string; title: string; kind: PriorityKind }[];
  removed: { id: string; title: string; kind: PriorityKind }[];
  changed: PriorityChange[];
}

/** "Ana edited Partnerships · 3 min ago": one person's edit of one priority (or of the plan itself). */
export interface PlanHistoryEntry {
  id: string;
  user: PersonRef | null;
  /** null for the title / introduction, or for a server change (restore, carry-over). */
  priorityId: string | null;
  priorityTitle: string | null;
  action: 'edited' | 'added' | 'deleted' | 'restored' | 'status';
  /** For `status`: the plan's new status; for a restore: the version name. */
  detail: string | null;
  at: string;
}

export const planCreateSchema = z.object({
  period: periodSchema,
  title: z.string().trim().min(1).max(200).optional(),
  /** Copy the previous plan's unfinished priorities (proposed, agreed, in progress) with a `carriedFrom` link. */
  carryOver: z.boolean().default(false),
});
export type PlanCreateBody = z.infer<typeof planCreateSchema>;

export const planStatusBodySchema = z.object({
  status: z.enum(PLAN_STATUSES),
  /** Optional name of the version this move makes (default: "Moved to <status>"). */
  note: z.string().trim().max(200).optional(),
});
export type PlanStatusBody = z.infer<typeof planStatusBodySchema>;

export const versionCreateSchema = z.object({ name: z.string().trim().min(1).max(120) });

export const plansQuerySchema = z.object({ period: periodSchema });
/** `current` stands for the plan as it is now. */
export const diffQuerySchema = z.object({
  from: objectIdSchema,
  to: z.union([objectIdSchema, z.literal('current')]).default('current'),
});
export const exportQuerySchema = z.object({ lang: z.string().trim().max(10).default('en') });
export const historyQuerySchema = z.object({ before: objectIdSchema.optional() });

export const versionParamsSchema = z.object({ id: objectIdSchema, versionId: objectIdSchema });
