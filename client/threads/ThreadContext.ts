import type { Me } from '../../shared/schemas/auth';
import type { Abilities } from '../../shared/permissions';
import type { MessageView } from '../../shared/schemas/threads';
import type { ThreadState } from './useThread';

/** What a message needs from its thread: the reader, their abilities, the actions, known names. */
export interface ThreadContext {
  me: Me;
  /** The open thread's id (undefined until it has opened). */
  threadId: string | undefined;
  abilities: Abilities<'thread'>;
  act: ThreadState['act'];
  /** Names of people met in the thread (authors, the reader), for "who reacted". */
  names: Map<string, string>;
  /** Starts a reply to a top-level message in the composer. */
  reply: (message: MessageView) => void;
}

/** A fixed, small set of reactions: quick to reach with the keyboard, the same for everyone. */
export const REACTIONS = ['👍', '❤️', '🎉', '🙏', '👀', '✅'] as const;
