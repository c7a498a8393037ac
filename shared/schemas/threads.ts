import { z } from 'zod';
import { objectIdSchema } from './common.js';
import { threadSubjectSchema } from './threadSubject.js';
import {
  HIDE_REASON_MAX_LENGTH,
  HISTORY_PAGE_SIZE,
  MAX_MENTIONS,
  MESSAGE_MAX_LENGTH,
  SEARCH_MAX_LENGTH,
  SINCE_PAGE_SIZE,
} from './threadLimits.js';

export * from './threadSubject.js';
export * from './threadLimits.js';

/** A BCP 47 language tag such as `ar`, `en`, `sr-Latn`. */
export const languageTagSchema = z
  .string()
  .max(35)
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag like en or sr-Latn');

/**
 * Which thread an event acts on: its id, or a room's id for the room's chat (the shorthand
 * today's room page and older clients use). Exactly one of the two.
 */
const threadRef = {
  threadId: objectIdSchema.optional(),
  roomId: objectIdSchema.optional(),
};
type Refs = { threadId?: unknown; roomId?: unknown };
const named = (v: unknown): v is Refs => typeof v === 'object' && v !== null;
const neither = (v: unknown) => !named(v) || (v.threadId === undefined && v.roomId === undefined);
const both = (v: unknown) => named(v) && v.threadId !== undefined && v.roomId !== undefined;
/** Checked even when other fields fail, so an empty payload says which thread is missing. */
const always = { when: () => true };
export function onThread<S extends z.ZodRawShape>(shape: S) {
  const missing = "name the thread: threadId, or roomId for a room's chat";
  return z
    .object({ ...threadRef, ...shape })
    .refine((v) => !neither(v), { ...always, message: missing, path: ['roomId'] })
    .refine((v) => !neither(v), { ...always, message: missing, path: ['threadId'] })
    .refine((v) => !both(v), { message: 'name the thread once: threadId or roomId', path: ['threadId'] });
}
export type ThreadRef = { threadId: string; roomId?: undefined } | { roomId: string; threadId?: undefined };

const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const messageId = objectIdSchema;

export const threadOpenSchema = z.object({ subject: threadSubjectSchema });
export const threadLeaveSchema = z.object({ threadId: objectIdSchema });

export const threadPostSchema = onThread({
  body: z.string().trim().min(1, 'message is empty').max(MESSAGE_MAX_LENGTH),
  /** Client-generated id so a retried post is stored once. */
  clientId: z.string().uuid(),
  /** The language the author wrote in (their choice; the client defaults it to the UI language). */
  language: languageTagSchema.optional(),
  /** A top-level message of the same thread (replies are one level deep). */
  replyTo: messageId.optional(),
  /** People named with `@`: each is notified when they may read the thread. */
  mentions: z.array(objectIdSchema).max(MAX_MENTIONS).optional(),
});
export type ThreadPostPayload = z.input<typeof threadPostSchema>;

/**
 * A page of the thread: the newest (no cursor), older than `before`, newer than `after`, or the
 * messages around `around` (a search hit's or a pinned message's seq: it and half the page on
 * either side). At most one of the three.
 */
export const threadHistorySchema = onThread({
  /** The `seq` of the oldest message the client already has. */
  before: seqSchema.optional(),
  /** The `seq` of the newest message of a window that does not reach the newest messages. */
  after: seqSchema.optional(),
  /** The `seq` to center the page on (included when it is a message one may see). */
  around: seqSchema.optional(),
  limit: z.number().int().min(1).max(100).default(HISTORY_PAGE_SIZE),
}).refine((v) => [v.before, v.after, v.around].filter((x) => x !== undefined).length <= 1, {
  message: 'ask for one page: before, after or around, not more than one',
  path: ['around'],
});
export type ThreadHistoryPayload = z.input<typeof threadHistorySchema>;
export type ThreadHistoryQuery = z.output<typeof threadHistorySchema>;

/** Everything that changed after `after` (the last `seq` the client applied). */
export const threadSinceSchema = onThread({
  after: seqSchema,
  limit: z.number().int().min(1).max(1000).default(SINCE_PAGE_SIZE),
});
export type ThreadSincePayload = z.input<typeof threadSinceSchema>;

export const threadEditSchema = onThread({
  messageId,
  body: z.string().trim().min(1, 'message is empty').max(MESSAGE_MAX_LENGTH),
  language: languageTagSchema.optional(),
});
export type ThreadEditPayload = z.input<typeof threadEditSchema>;

export const threadMessageSchema = onThread({ messageId });
export type ThreadMessagePayload = z.input<typeof threadMessageSchema>;

/** One emoji (a single grapheme that is a pictograph, a flag or a keycap). */
export const emojiSchema = z.string().min(1).max(32).refine(isSingleEmoji, 'a single emoji');

export function isSingleEmoji(value: string): boolean {
  const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)];
  if (graphemes.length !== 1) return false;
  return /^(\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3)/u.test(value);
}

export const threadReactSchema = onThread({ messageId, emoji: emojiSchema, on: z.boolean() });
export type ThreadReactPayload = z.input<typeof threadReactSchema>;

export const threadPinSchema = onThread({ messageId, pinned: z.boolean() });
export type ThreadPinPayload = z.input<typeof threadPinSchema>;

export const threadHideSchema = onThread({
  messageId,
  hidden: z.boolean(),
  reason: z.string().trim().min(1).max(HIDE_REASON_MAX_LENGTH).optional(),
}).refine((v) => !v.hidden || v.reason !== undefined, { message: 'say why it is hidden', path: ['reason'] });
export type ThreadHidePayload = z.input<typeof threadHideSchema>;

export const threadResolveSchema = onThread({ resolved: z.boolean() });
export type ThreadResolvePayload = z.input<typeof threadResolveSchema>;

export const threadSearchSchema = onThread({
  q: z.string().trim().min(1).max(SEARCH_MAX_LENGTH),
  /** Search below this seq: a previous answer's `searchedFrom`, to go further back. */
  before: seqSchema.optional(),
  limit: z.number().int().min(1).max(100).default(HISTORY_PAGE_SIZE),
});
export type ThreadSearchPayload = z.input<typeof threadSearchSchema>;

export const threadReadSchema = onThread({ seq: seqSchema });
export type ThreadReadPayload = z.input<typeof threadReadSchema>;

export const threadTypingSchema = onThread({});
export type ThreadTypingPayload = z.input<typeof threadTypingSchema>;

/** People who may read the thread, for `@` mention suggestions: names containing `q`. */
export const threadPeopleSchema = onThread({ q: z.string().trim().max(80).default('') });
export type ThreadPeoplePayload = z.input<typeof threadPeopleSchema>;
/** Most suggestions one `thread:people` answers. */
export const PEOPLE_SUGGESTIONS = 8;

/** Live comment counts for a plan's priorities. */
export const threadWatchPlanSchema = z.object({ planId: objectIdSchema });
export type ThreadWatchPlanPayload = z.input<typeof threadWatchPlanSchema>;

export const notificationsQuerySchema = z.object({ before: objectIdSchema.optional() });
export const notificationsReadSchema = z
  .strictObject({ ids: z.array(objectIdSchema).min(1).max(200).optional(), all: z.literal(true).optional() })
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), { message: 'ids or all', path: ['ids'] });

export type * from './threadViews.js';
