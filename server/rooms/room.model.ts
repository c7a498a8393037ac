import { Schema, type Connection, type Types } from 'mongoose';

/** A roundtable room: a co-edited document and a discussion thread for one group. */
export const roomSchema = new Schema(
  {
    title: { type: String, required: true, trim: true, maxlength: 200 },
    groupId: { type: Schema.Types.ObjectId, ref: 'Group', required: true, index: true },
    hubId: { type: Schema.Types.ObjectId, ref: 'Hub', default: null },
    languages: { type: [String], default: ['en'] },
    /** Name of the room's Yjs document on the sync endpoint. */
    documentName: { type: String, required: true, unique: true },
  },
  { timestamps: true },
);

/** A person invited into one roundtable only (not its group): reads and comments there. */
export const roomGuestSchema = new Schema(
  {
    roomId: { type: Schema.Types.ObjectId, ref: 'Room', required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
  },
  { timestamps: true },
);
roomGuestSchema.index({ roomId: 1, userId: 1 }, { unique: true });

export interface RoomRecord {
  _id: Types.ObjectId;
  title: string;
  groupId: Types.ObjectId;
  hubId?: Types.ObjectId | null;
  languages: string[];
  documentName: string;
  createdAt: Date;
  updatedAt: Date;
}

export const roomModels = (conn: Connection) => ({
  Room: conn.model('Room', roomSchema),
  RoomGuest: conn.model('RoomGuest', roomGuestSchema),
});
export type RoomModels = ReturnType<typeof roomModels>;
