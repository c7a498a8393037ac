import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { UI_LANGUAGES } from '../../shared/languages.js';

export const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true, maxlength: 254 },
    name: { type: String, required: true, trim: true, maxlength: 120 },
    /** e.g. Mayor, Deputy Mayor, Practitioner, Hub staff. */
    title: { type: String, default: '', maxlength: 120 },
    cityId: { type: Schema.Types.ObjectId, ref: 'City', default: null },
    passwordHash: { type: String, required: true },
    isAdmin: { type: Boolean, default: false },
    language: { type: String, enum: UI_LANGUAGES, default: 'en' },
    /** Caret and presence colour, fixed per person so others learn to recognise it. */
    color: { type: String, required: true },
  },
  { timestamps: true },
);

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
