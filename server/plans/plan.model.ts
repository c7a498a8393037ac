import { Schema, type Connection, type Types } from 'mongoose';
import { PLAN_STATUSES, VERSION_REASONS } from '../../shared/plans/schemas.js';

const lastEditSchema = new Schema({ userId: String, name: String, at: Date }, { _id: false });

/** One priority as projected from the plan's document (cities comma-joined: no arrays inside arrays). */
const priorityProjectionSchema = new Schema(
  {
    priorityId: { type: String, required: true },
    kind: String,
    title: String,
    description: String,
    status: String,
    owner: String,
    target: String,
    cities: String,
    order: String,
    carriedFrom: String,
    lastEditedBy: { type: lastEditSchema, default: null },
  },
  { _id: false },
);

/**
 * A group's action plan for one period. The content lives in the Yjs document
 * `documentName`; `title`, `intro` and `priorities` are its projection, refreshed
 * after every stored update (afterStore), for REST, review and export.
 */
export const planSchema = new Schema(
  {
    groupId: { type: Schema.Types.ObjectId, ref: 'Group', required: true },
    hubId: { type: Schema.Types.ObjectId, ref: 'Hub', default: null, index: true },
    period: { type: String, required: true },
    status: { type: String, enum: PLAN_STATUSES, required: true, default: 'draft' },
    documentName: { type: String, required: true, unique: true },
    title: { type: String, default: '' },
    intro: { type: String, default: '' },
    priorities: { type: [priorityProjectionSchema], default: [] },
    lastEditedBy: { type: lastEditSchema, default: null },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
  },
  { timestamps: true },
);
planSchema.index({ groupId: 1, period: 1 }, { unique: true });
planSchema.index({ period: 1 });

/** A version: the whole Yjs state at one moment, named or automatic. */
export const planVersionSchema = new Schema({
  planId: { type: Schema.Types.ObjectId, ref: 'Plan', required: true, index: true },
  name: { type: String, required: true, maxlength: 200 },
  reason: { type: String, enum: VERSION_REASONS, required: true },
  authorId: { type: String, default: '' },
  authorName: { type: String, default: '' },
  state: { type: Buffer, required: true },
  createdAt: { type: Date, required: true, default: () => new Date() },
});

/** Who edited which priority when (derived from the author of each stored update). */
export const planHistorySchema = new Schema({
  planId: { type: Schema.Types.ObjectId, ref: 'Plan', required: true, index: true },
  userId: { type: String, default: '' },
  userName: { type: String, default: '' },
  priorityId: { type: String, default: null },
  priorityTitle: { type: String, default: null },
  action: { type: String, required: true },
  detail: { type: String, default: null },
  at: { type: Date, required: true },
});

export interface LastEditRecord {
  userId: string;
  name: string;
  at: Date;
}

export interface PriorityProjection {
  priorityId: string;
  kind: string;
  title: string;
  description: string;
  status: string;
  owner: string;
  target: string;
  cities: string;
  order: string;
  carriedFrom: string;
  lastEditedBy: LastEditRecord | null;
}

export interface PlanRecord {
  _id: Types.ObjectId;
  groupId: Types.ObjectId;
  hubId: Types.ObjectId | null;
  period: string;
  status: (typeof PLAN_STATUSES)[number];
  documentName: string;
  title: string;
  intro: string;
  priorities: PriorityProjection[];
  lastEditedBy: LastEditRecord | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlanVersionRecord {
  _id: Types.ObjectId;
  planId: Types.ObjectId;
  name: string;
  reason: (typeof VERSION_REASONS)[number];
  authorId: string;
  authorName: string;
  state: unknown;
  createdAt: Date;
}

export const planModels = (conn: Connection) => ({
  Plan: conn.model('Plan', planSchema),
  PlanVersion: conn.model('PlanVersion', planVersionSchema),
  PlanHistory: conn.model('PlanHistory', planHistorySchema),
});
export type PlanModels = ReturnType<typeof planModels>;

/** A Buffer field as mongoose's lean() returns it (BSON Binary) → bytes. */
export function bytesOf(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  const binary = data as { buffer: Uint8Array; position?: number; length?: number };
  return binary.buffer.subarray(0, binary.position ?? binary.length ?? binary.buffer.length);
}
