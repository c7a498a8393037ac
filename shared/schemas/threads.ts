import { z } from 'zod';
import { objectIdSchema } from './common.js';

export const MESSAGE_MAX_LENGTH = 8000;
export const HISTORY_PAGE_SIZE = 50;

export const threadPostSchema = z.object({
  roomId: objectIdSchema,
  body: z.string().trim().min(1, 'message is empty').max(MESSAGE_MAX_LENGTH),
  /** Client-generated id so a retried post is stored once. */
  clientId: z.string().uuid(),
});
export type ThreadPostPayload = z.infer<typeof threadPostSchema>;

export const threadHistorySchema = z.object({
  roomId: objectIdSchema,
  /** Id of the oldest message the client already has. */
  before: objectIdSchema.optional(),
  limit: z.number().int().min(1).max(100).default(HISTORY_PAGE_SIZE),
});
export type ThreadHistoryPayload = z.input<typeof threadHistorySchema>;
export type ThreadHistoryQuery = z.output<typeof threadHistorySchema>;

export interface MessageView {
  id: string;
  roomId: string;
  clientId: string;
  author: { id: string; name: string };
  body: string;
  createdAt: string;
}

export interface MessagePage {
  messages: MessageView[];
  hasMore: boolean;
}
