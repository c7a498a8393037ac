import { Types } from 'mongoose';
import type { AuditAction, AuditEntryView } from '../../shared/schemas/audit.js';
import type { AuditModels as Models } from './audit.model.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../policy/policy.js';

export interface AuditInput {
  /** null for the system or an anonymous caller (e.g. a refused sign-in). */
  actor: Pick<Actor, 'id' | 'name'> | null;
  action: AuditAction;
  target?: { id: string; name: string } | null;
  groupId?: string | Types.ObjectId | null;
  roomId?: string | Types.ObjectId | null;
  details?: Record<string, string | number | boolean | null>;
}

interface AuditRecord {
  _id: Types.ObjectId;
  at: Date;
  action: AuditAction;
  actorId: Types.ObjectId | null;
  actorName: string;
  targetId: Types.ObjectId | null;
  targetName: string;
  groupId: Types.ObjectId | null;
  roomId: Types.ObjectId | null;
  details: AuditEntryView['details'];
}

/** Append-only audit log of who did what and when. */
export class AuditLog {
  constructor(
    private readonly models: Models,
    private readonly logger: Logger,
  ) {}

  async record(input: AuditInput): Promise<void> {
    await this.models.AuditEvent.create({
      action: input.action,
      actorId: input.actor?.id ?? null,
      actorName: input.actor?.name ?? 'system',
      targetId: input.target?.id ?? null,
      targetName: input.target?.name ?? '',
      groupId: input.groupId ?? null,
      roomId: input.roomId ?? null,
      details: input.details ?? {},
    });
    this.logger.info({ audit: input.action, actorId: input.actor?.id, targetId: input.target?.id }, 'audit');
  }

  /** Newest first; `before` is the id of the oldest entry already shown. */
  async list(filter: { groupId?: string }, before?: string, limit = 100): Promise<AuditEntryView[]> {
    const query: Record<string, unknown> = {};
    if (filter.groupId) query.groupId = new Types.ObjectId(filter.groupId);
    if (before && Types.ObjectId.isValid(before)) query._id = { $lt: new Types.ObjectId(before) };
    const rows = await this.models.AuditEvent.find(query).sort({ _id: -1 }).limit(limit).lean<AuditRecord[]>();
    return rows.map((r) => ({
      id: String(r._id),
      at: r.at.toISOString(),
      action: r.action,
      actor: { id: r.actorId ? String(r.actorId) : null, name: r.actorName },
      target: r.targetId ? { id: String(r.targetId), name: r.targetName } : null,
      groupId: r.groupId ? String(r.groupId) : null,
      roomId: r.roomId ? String(r.roomId) : null,
      details: r.details ?? {},
    }));
  }
}
