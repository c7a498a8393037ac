import { z } from 'zod';
import { objectIdSchema } from './common.js';
import { languageTagSchema, MESSAGE_MAX_LENGTH, onThread } from './threads.js';
import type { ThreadSubject } from './threadSubject.js';
import type { PersonRef } from './threadViews.js';
import { TRANSLATION_REPORT_MAX_LENGTH } from './threadLimits.js';

export { TRANSLATION_REPORT_MAX_LENGTH };

const onMessage = <S extends z.ZodRawShape>(shape: S) => onThread({ messageId: objectIdSchema, ...shape });

/**
 * The best translation of a message into `language`: a current human one, else a current machine
 * one (made now when none is stored and a provider is configured), else an out-of-date one.
 * `refresh` asks the provider again for a translation that is out of date.
 */
export const threadTranslateSchema = onMessage({ language: languageTagSchema, refresh: z.boolean().optional() });
export type ThreadTranslatePayload = z.input<typeof threadTranslateSchema>;

const translationBody = z.string().trim().min(1, 'translation is empty').max(MESSAGE_MAX_LENGTH);

/** A person's own translation of a message (an interpreter's, say). */
export const threadTranslationAddSchema = onMessage({ language: languageTagSchema, body: translationBody });
export type ThreadTranslationAddPayload = z.input<typeof threadTranslationAddSchema>;

/** A moderator's correction: it becomes the human translation and closes the open reports. */
export const threadTranslationCorrectSchema = threadTranslationAddSchema;
export type ThreadTranslationCorrectPayload = ThreadTranslationAddPayload;

export const threadTranslationReportSchema = onMessage({
  language: languageTagSchema,
  /** The translation shown to the reporter (`TranslationView.id`). */
  translationId: z.string().min(1).max(120),
  reason: z.string().trim().min(1, 'say what is wrong').max(TRANSLATION_REPORT_MAX_LENGTH),
});
export type ThreadTranslationReportPayload = z.input<typeof threadTranslationReportSchema>;

export const threadTranslationReportsSchema = onThread({});
export type ThreadTranslationReportsPayload = z.input<typeof threadTranslationReportsSchema>;

export interface TranslationReportView {
  id: string;
  by: PersonRef;
  reason: string;
  createdAt: string;
}

export interface TranslationView {
  /** `<messageId>:<language>:<source>` */
  id: string;
  messageId: string;
  language: string;
  body: string;
  source: 'human' | 'machine';
  /** Who wrote a human translation (or corrected one); null for a machine translation. */
  translator: PersonRef | null;
  /** The original was edited after this translation was made. */
  outOfDate: boolean;
  createdAt: string;
  /** Open error reports: moderators only (empty for everyone else). */
  reports: TranslationReportView[];
}

export interface TranslationAnswer {
  messageId: string;
  language: string;
  translation: TranslationView | null;
  /**
   * `off`: no provider is configured (machine translation is not offered); `ok`: it answered or
   * was not needed; `unavailable`: it failed or was too slow this time (the original stays shown).
   */
  machine: 'off' | 'ok' | 'unavailable';
  /** What this reader may do with the message's translations (from the permission table). */
  abilities: { addTranslation: boolean; reportTranslation: boolean; correctTranslation: boolean };
}

/** Open reports in a thread, for its moderators. */
export interface TranslationReportItem extends TranslationReportView {
  messageId: string;
  language: string;
  translation: TranslationView;
  original: string;
}

/** A moderator closes a report without changing the translation (audit-logged). */
export const threadTranslationDismissSchema = onThread({ reportId: objectIdSchema });
export type ThreadTranslationDismissPayload = z.input<typeof threadTranslationDismissSchema>;

/** An open report in the list across every thread a moderator may moderate. */
export interface ModeratedReportItem extends TranslationReportItem {
  threadId: string;
  subject: ThreadSubject;
  /** The subject's title (and a priority's plan's), to say where it is. */
  titles: { subject: string; context: string | null };
  /** The original's language. */
  originalLanguage: string;
}

/** A human translation was added or corrected: readers showing it fetch it again. */
export interface TranslatedEvent {
  threadId: string;
  messageId: string;
  language: string;
}
