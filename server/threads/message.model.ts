import { Schema, type Connection } from 'mongoose';

/** A message in a room's discussion thread. */
export const messageSchema = new Schema({
  roomId: { type: Schema.Types.ObjectId, ref: 'Room', required: true },
  clientId: { type: String, required: true },
  authorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  /** Kept so the thread still reads well if the author's account goes away. */
  authorName: { type: String, required: true },
  body: { type: String, required: true },
  createdAt: { type: Date, required: true, default: () => new Date() },
});
messageSchema.index({ roomId: 1, _id: -1 });
messageSchema.index({ roomId: 1, clientId: 1 }, { unique: true });

export const threadModels = (conn: Connection) => ({ Message: conn.model('Message', messageSchema) });
export type ThreadModels = ReturnType<typeof threadModels>;
