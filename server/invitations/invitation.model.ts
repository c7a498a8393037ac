import { Schema, type Connection } from 'mongoose';
import { MEMBERSHIP_ROLES } from '../../shared/schemas/network.js';

/** A one-time link into a group (with a role) or into one roundtable as a guest. Only the token's hash is kept. */
export const invitationSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    email: { type: String, required: true, lowercase: true, trim: true },
    groupId: { type: Schema.Types.ObjectId, ref: 'Group', default: null, index: true },
    roomId: { type: Schema.Types.ObjectId, ref: 'Room', default: null, index: true },
    role: { type: String, enum: [...MEMBERSHIP_ROLES, 'guest'], required: true },
    invitedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    invitedByName: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    acceptedAt: { type: Date, default: null },
    acceptedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: true },
);

export const invitationModels = (conn: Connection) => ({ Invitation: conn.model('Invitation', invitationSchema) });
export type InvitationModels = ReturnType<typeof invitationModels>;
