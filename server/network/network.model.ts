import { Schema } from 'mongoose';

import { GROUP_KINDS, MEMBERSHIP_ROLES } from '../../shared/schemas/network.js';

export { GROUP_KINDS, MEMBERSHIP_ROLES, type GroupKind, type MembershipRole } from '../../shared/schemas/network.js';

/** A regional hub (MENA, Western Balkans, …). */
export const hubSchema = new Schema(
  {
    slug: { type: String, required: true, unique: true, maxlength: 60 },
    name: { type: String, required: true, maxlength: 120 },
  },
  { timestamps: true },
);

/** A member city, named in its own script and in Latin script. */
export const citySchema = new Schema(
  {
    name: { type: String, required: true, maxlength: 120 },
    nameLatin: { type: String, required: true, maxlength: 120 },
    country: { type: String, required: true, maxlength: 80 },
    hubId: { type: Schema.Types.ObjectId, ref: 'Hub', required: true, index: true },
  },
  { timestamps: true },
);

export const groupSchema = new Schema(
  {
    name: { type: String, required: true, maxlength: 160 },
    kind: { type: String, enum: GROUP_KINDS, required: true },
    hubId: { type: Schema.Types.ObjectId, ref: 'Hub', default: null, index: true },
    /** Most members allowed; null = no cap. Defaults per kind (DEFAULT_GROUP_CAPS), changeable by an admin. */
    cap: { type: Number, default: null },
  },
  { timestamps: true },
);

/** One person's place in one group; kept as its own collection so roles and caps change atomically per row. */
export const membershipSchema = new Schema(
  {
    groupId: { type: Schema.Types.ObjectId, ref: 'Group', required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    role: { type: String, enum: MEMBERSHIP_ROLES, required: true },
  },
  { timestamps: true },
);
membershipSchema.index({ groupId: 1, userId: 1 }, { unique: true });

/** A person invited into one roundtable only (not its group): reads and comments there. */
export const roomGuestSchema = new Schema(
  {
    roomId: { type: Schema.Types.ObjectId, ref: 'Room', required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
  },
  { timestamps: true },
);
roomGuestSchema.index({ roomId: 1, userId: 1 }, { unique: true });
