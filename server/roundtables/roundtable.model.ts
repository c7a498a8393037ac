import { Schema, type Connection, type Types } from 'mongoose';
import { ROUNDTABLE_LANGUAGES } from '../../shared/languages.js';
import { RSVP_ANSWERS, type RsvpAnswer } from '../../shared/roundtables/schemas.js';

/** A scheduled roundtable: one or more language sessions (a room each) sharing an agenda and a plan. */
export const roundtableSchema = new Schema(
  {
    title: { type: String, required: true, trim: true, maxlength: 200 },
    groupId: { type: Schema.Types.ObjectId, ref: 'Group', required: true, index: true },
    hubId: { type: Schema.Types.ObjectId, ref: 'Hub', default: null },
    startsAt: { type: Date, required: true, index: true },
    timeZone: { type: String, required: true },
    durationMinutes: { type: Number, required: true },
    sessions: [
      {
        _id: false,
        language: { type: String, enum: ROUNDTABLE_LANGUAGES, required: true },
        roomId: { type: Schema.Types.ObjectId, ref: 'Room', required: true },
        /** The session's live notes (`notes-<uuid>`); null on roundtables scheduled before notes existed. */
        notesDocument: { type: String, default: null },
      },
    ],
    agenda: [
      {
        _id: false,
        title: { type: String, required: true },
        minutes: { type: Number, required: true },
        presenter: { type: String, default: '' },
      },
    ],
    planId: { type: Schema.Types.ObjectId, ref: 'Plan', default: null },
    callUrl: { type: String, default: '' },
    facilitators: { type: [Schema.Types.ObjectId], default: [] },
    invitees: { type: [Schema.Types.ObjectId], default: [] },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** The invite's SEQUENCE: bumped by every edit of the time. */
    sequence: { type: Number, default: 0 },
  },
  { timestamps: true },
);

roundtableSchema.index({ 'sessions.notesDocument': 1 }, { sparse: true });

export const rsvpSchema = new Schema(
  {
    roundtableId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    answer: { type: String, enum: RSVP_ANSWERS, required: true },
  },
  { timestamps: true },
);
rsvpSchema.index({ roundtableId: 1, userId: 1 }, { unique: true });

/**
 * A session's live state (docs/roundtables.md), one record per session, written whole after
 * every change before it is broadcast: it survives a restart. `state` is the server's own
 * shape (LiveRecord in live.ts); ballots are kept here and never broadcast.
 */
export const liveSessionSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    roundtableId: { type: Schema.Types.ObjectId, required: true, index: true },
    version: { type: Number, required: true },
    state: { type: String, required: true },
  },
  { timestamps: true },
);

export interface RoundtableRecord {
  _id: Types.ObjectId;
  title: string;
  groupId: Types.ObjectId;
  hubId?: Types.ObjectId | null;
  startsAt: Date;
  timeZone: string;
  durationMinutes: number;
  sessions: {
    language: (typeof ROUNDTABLE_LANGUAGES)[number];
    roomId: Types.ObjectId;
    notesDocument?: string | null;
  }[];
  agenda: { title: string; minutes: number; presenter: string }[];
  planId: Types.ObjectId | null;
  callUrl: string;
  facilitators: Types.ObjectId[];
  invitees: Types.ObjectId[];
  createdBy: Types.ObjectId;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RsvpRecord {
  roundtableId: Types.ObjectId;
  userId: Types.ObjectId;
  answer: RsvpAnswer;
}

/**
 * Version N of a session's state, inserted under `_id` = `<session key>:<N>`: whoever inserts it
 * first stored that version (an insert under a unique key is atomic on MongoDB and on the
 * embedded FerretDB, where two updates filtered on one version can both match). `livesessions`
 * then points at the newest; a loader follows versions on from it. Older ones are deleted.
 */
export const liveSessionVersionSchema = new Schema({
  _id: { type: String, required: true },
  state: { type: String, required: true },
  at: { type: Date, required: true },
});

export const roundtableModels = (conn: Connection) => ({
  Roundtable: conn.model('Roundtable', roundtableSchema),
  RoundtableRsvp: conn.model('RoundtableRsvp', rsvpSchema),
  LiveSession: conn.model('LiveSession', liveSessionSchema),
  LiveSessionVersion: conn.model('LiveSessionVersion', liveSessionVersionSchema),
});
export type RoundtableModels = ReturnType<typeof roundtableModels>;
