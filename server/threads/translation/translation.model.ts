import { Schema, type Connection, type Types } from 'mongoose';

/**
 * One translation of one message into one language, by a person or a machine. Its `_id` is
 * `<messageId>:<language>:<source>`: one of each per message and language, found by `_id`
 * equality (the one look-up the embedded database answers from an index). `forSeq` is the
 * message's `textSeq` it translated: lower than the message's now means "out of date".
 */
export const messageTranslationSchema = new Schema({
  _id: { type: String, required: true },
  messageId: { type: Schema.Types.ObjectId, required: true },
  threadId: { type: Schema.Types.ObjectId, required: true },
  language: { type: String, required: true },
  source: { type: String, enum: ['human', 'machine'], required: true },
  body: { type: String, required: true },
  forSeq: { type: Number, required: true },
  translatorId: { type: String, default: null },
  translatorName: { type: String, default: null },
  /** The machine translation's provider and the language it detected (when asked with 'auto'). */
  provider: { type: String, default: null },
  detectedLanguage: { type: String, default: null },
  createdAt: { type: Date, required: true, default: () => new Date() },
});
messageTranslationSchema.index({ messageId: 1 });

/** A reader's report of an error in a translation; open until a moderator corrects it. */
export const translationReportSchema = new Schema({
  translationId: { type: String, required: true },
  messageId: { type: Schema.Types.ObjectId, required: true },
  threadId: { type: Schema.Types.ObjectId, required: true },
  language: { type: String, required: true },
  reason: { type: String, required: true },
  reporterId: { type: String, required: true },
  reporterName: { type: String, required: true },
  createdAt: { type: Date, required: true, default: () => new Date() },
  resolvedAt: { type: Date, default: null },
  resolvedById: { type: String, default: null },
  resolvedByName: { type: String, default: null },
  /** How it was closed: the translation corrected, or the report dismissed. */
  outcome: { type: String, enum: ['corrected', 'dismissed', null], default: null },
});
translationReportSchema.index({ threadId: 1, resolvedAt: 1 });
translationReportSchema.index({ messageId: 1, language: 1 });

export const translationModels = (conn: Connection) => ({
  MessageTranslation: conn.model('MessageTranslation', messageTranslationSchema),
  TranslationReport: conn.model('TranslationReport', translationReportSchema),
});
export type TranslationModels = ReturnType<typeof translationModels>;

export interface TranslationRecord {
  _id: string;
  messageId: Types.ObjectId;
  threadId: Types.ObjectId;
  language: string;
  source: 'human' | 'machine';
  body: string;
  forSeq: number;
  translatorId: string | null;
  translatorName: string | null;
  provider: string | null;
  detectedLanguage: string | null;
  createdAt: Date;
}

export interface ReportRecord {
  _id: Types.ObjectId;
  translationId: string;
  messageId: Types.ObjectId;
  threadId: Types.ObjectId;
  language: string;
  reason: string;
  reporterId: string;
  reporterName: string;
  createdAt: Date;
  resolvedAt: Date | null;
}
