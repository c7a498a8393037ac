import { Schema, type Connection } from 'mongoose';
import { AUDIT_ACTIONS } from '../../shared/schemas/audit.js';

/** Who did what, when: membership and role changes, invitations, sign-ins, deletions. Append-only. */
export const auditEventSchema = new Schema({
  at: { type: Date, required: true, default: () => new Date() },
  action: { type: String, enum: AUDIT_ACTIONS, required: true },
  actorId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
  actorName: { type: String, required: true },
  targetId: { type: Schema.Types.ObjectId, default: null },
  targetName: { type: String, default: '' },
  groupId: { type: Schema.Types.ObjectId, ref: 'Group', default: null },
  roomId: { type: Schema.Types.ObjectId, ref: 'Room', default: null },
  details: { type: Schema.Types.Mixed, default: {} },
});
auditEventSchema.index({ groupId: 1, at: -1 });
auditEventSchema.index({ at: -1 });

export const auditModels = (conn: Connection) => ({ AuditEvent: conn.model('AuditEvent', auditEventSchema) });
export type AuditModels = ReturnType<typeof auditModels>;
