import { Schema, type Connection } from 'mongoose';

/** A former member asked for their messages to be erased; an admin carries it out. */
export const erasureRequestSchema = new Schema({
  userId: { type: Schema.Types.ObjectId, required: true, unique: true },
  name: { type: String, required: true },
  email: { type: String, required: true },
  requestedAt: { type: Date, required: true, default: () => new Date() },
  completedAt: { type: Date, default: null },
  completedBy: { type: Schema.Types.ObjectId, default: null },
});

export const accountModels = (conn: Connection) => ({
  ErasureRequest: conn.model('ErasureRequest', erasureRequestSchema),
});
export type AccountModels = ReturnType<typeof accountModels>;
