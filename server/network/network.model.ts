import { Schema, type Connection, type Types } from 'mongoose';

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

export interface GroupRecord {
  _id: Types.ObjectId;
  name: string;
  kind: string;
  hubId?: Types.ObjectId | null;
  cap?: number | null;
}

/** The collections the network domain owns: regions, cities, groups and who is in them. */
export const networkModels = (conn: Connection) => ({
  Hub: conn.model('Hub', hubSchema),
  City: conn.model('City', citySchema),
  Group: conn.model('Group', groupSchema),
  Membership: conn.model('Membership', membershipSchema),
});
export type NetworkModels = ReturnType<typeof networkModels>;
