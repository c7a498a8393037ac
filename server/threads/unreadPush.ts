import { userChannel } from '../../shared/events.js';
import type { Logger } from '../logger.js';
import type { IoServer } from '../realtime/io.js';
import type { Scope } from '../policy/policy.js';
import type { UnreadCount } from '../../shared/schemas/threads.js';
import type { ThreadModels, ThreadRecord } from './message.model.js';
import type { Notifications } from './notifications.js';
import { subjectOf } from './subjects.js';
import type { ThreadReader } from './threads.service.js';

/** A burst of changes to one thread becomes one count per reader, this long after its first change. */
export const UNREAD_PUSH_DELAY_MS = 300;
/** At most this many readers of one thread hear its count (the most recently active first). */
export const UNREAD_PUSH_READERS = 1000;

/**
 * Pushes unread counts to the people who follow a thread (who have a read marker in it: the
 * threads their navigation counts), so their badges move at once instead of on their next
 * refresh. Each change to a thread's count (a post, a delete, a hide) marks it; a short while
 * later each follower who may still read it (the policy is asked) gets `thread:unread` on their
 * own channel: one message per person per thread per burst, at most `UNREAD_PUSH_READERS`.
 */
export class UnreadPusher {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly models: Pick<ThreadModels, 'Thread' | 'ReadMarker'>,
    private readonly reader: ThreadReader,
    private readonly notifications: Notifications,
    private readonly scopeOf: (threadId: string) => Promise<Scope>,
    private readonly io: () => IoServer,
    private readonly logger: Logger,
    private readonly delayMs = UNREAD_PUSH_DELAY_MS,
  ) {}

  /** A thread's unread counts may have changed. */
  changed(threadId: string): void {
    if (this.pending.has(threadId)) return;
    this.pending.set(
      threadId,
      setTimeout(() => {
        this.pending.delete(threadId);
        this.push(threadId).catch((error: unknown) =>
          this.logger.error({ err: error, threadId }, 'could not push unread counts'),
        );
      }, this.delayMs),
    );
  }

  /** One person's count in one thread (after they read it: their other tabs follow). */
  async pushTo(thread: ThreadRecord, userId: string, count: UnreadCount): Promise<void> {
    const { unread, unreadMore } = count;
    this.io()
      .to(userChannel(userId))
      .emit('thread:unread', { threadId: String(thread._id), subject: subjectOf(thread), unread, unreadMore });
  }

  async push(threadId: string): Promise<void> {
    const thread = await this.models.Thread.findById(threadId).lean<ThreadRecord>();
    if (!thread) return;
    const markers = await this.models.ReadMarker.find({ threadId: thread._id })
      .sort({ _id: -1 })
      .limit(UNREAD_PUSH_READERS)
      .lean<{ userId: string; seq: number }[]>();
    if (markers.length === 0) return;
    const allowed = new Set(
      await this.notifications.readers(
        markers.map((m) => m.userId),
        '',
        await this.scopeOf(threadId),
      ),
    );
    for (const marker of markers) {
      if (!allowed.has(marker.userId)) continue;
      // far behind: "1,000+", answered without counting
      await this.pushTo(thread, marker.userId, await this.reader.unreadAfter(thread, marker.userId, marker.seq));
    }
  }

  close(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
