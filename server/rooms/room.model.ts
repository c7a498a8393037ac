import { Schema } from 'mongoose';

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
