import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A signed-in browser. `_id` is an HMAC of the cookie token, so a copy of the
 * database alone does not let anyone act as a user.
 */
export const sessionSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
  createdAt: { type: Date, required: true },
  lastSeenAt: { type: Date, required: true },
  // FerretDB has no TTL indexes: SessionStore.sweepExpired() removes old sessions
  expiresAt: { type: Date, required: true, index: true },
  userAgent: { type: String, default: '', maxlength: 300 },
  /** Set when the person's roles changed: the next request continues on a new session id. */
  rotate: { type: Boolean, default: false },
});

export type SessionDoc = InferSchemaType<typeof sessionSchema>;
