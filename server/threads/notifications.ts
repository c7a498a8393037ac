import { Types } from 'mongoose';
import { escapeRegex } from '../../shared/threads/normalize.js';
import { userChannel } from '../../shared/events.js';
import {
  PEOPLE_SUGGESTIONS,
  type NotificationView,
  type PersonRef,
  type ThreadSubject,
} from '../../shared/schemas/threads.js';
import type { AuthModels } from '../auth/models.js';
import type { Policy, Scope } from '../policy/policy.js';
import type { IoServer } from '../realtime/io.js';
import type { MessageRecord, ThreadModels, ThreadRecord } from './message.model.js';
import { subjectOf, type SubjectTitles } from './subjects.js';

const EXCERPT_LENGTH = 200;
const PAGE = 50;
const CANDIDATES_SCANNED = 40;

interface NotificationRecord {
  _id: Types.ObjectId;
  userId: string;
  kind: 'mention' | 'reply';
  subjectTitle?: string;
  contextTitle?: string | null;
  threadId: Types.ObjectId;
  threadKey: string;
  messageId: Types.ObjectId;
  authorId: string;
  authorName: string;
  excerpt: string;
  createdAt: Date;
  readAt: Date | null;
}

/** In-app notifications: being `@`-mentioned, or replied to, in a thread one may read. */
export class Notifications {
  constructor(
    private readonly models: ThreadModels & Pick<AuthModels, 'User'>,
    private readonly policy: Policy,
    private readonly io: () => IoServer,
  ) {}

  /** The mentioned people who may read the thread (others are dropped, the author too). */
  async readers(ids: string[], authorId: string, scope: Scope): Promise<string[]> {
    const wanted = [...new Set(ids)].filter((id) => id !== authorId);
    if (wanted.length === 0) return [];
    const users = await this.models.User.find({ _id: { $in: wanted.map((id) => new Types.ObjectId(id)) } })
      .select('name isAdmin')
      .lean();
    const allowed: string[] = [];
    for (const user of users) {
      const actor = { id: String(user._id), name: user.name, isAdmin: user.isAdmin ?? false };
      const roles = await this.policy.rolesOn(actor, scope);
      if (this.policy.can(roles, 'thread.read')) allowed.push(actor.id);
    }
    return allowed;
  }

  /**
   * Who may be mentioned: people whose name contains `query` (any case) and who may read the
   * thread, the asker excepted. The policy is asked for each, at most a few dozen names a call.
   */
  async candidates(query: string, askerId: string, scope: Scope): Promise<PersonRef[]> {
    const filter = query ? { name: { $regex: escapeRegex(query), $options: 'i' } } : {};
    const users = await this.models.User.find(filter).select('name').sort({ name: 1 }).limit(CANDIDATES_SCANNED).lean();
    const names = new Map(users.map((u) => [String(u._id), u.name]));
    const allowed = await this.readers([...names.keys()], askerId, scope);
    return allowed.slice(0, PEOPLE_SUGGESTIONS).map((id) => ({ id, name: names.get(id)! }));
  }

  /**
   * Notifies each mentioned reader once per message, and the author of the message replied to
   * (when they may read the thread, did not write the reply and are not mentioned in it), live to
   * their open sockets. `titles` say where it happened (stored: the notification reads the same later).
   */
  async posted(
    thread: ThreadRecord,
    message: MessageRecord,
    titles: SubjectTitles,
    repliedTo: string | null,
    scope: Scope,
  ): Promise<void> {
    const recipients: [string, NotificationRecord['kind']][] = message.mentions.map((id) => [id, 'mention']);
    if (repliedTo && !message.mentions.includes(repliedTo)) {
      const allowed = await this.readers([repliedTo], String(message.authorId), scope);
      if (allowed.length > 0) recipients.push([repliedTo, 'reply']);
    }
    for (const [userId, kind] of recipients) {
      try {
        const doc = await this.models.Notification.create({
          userId,
          kind,
          subjectTitle: titles.subject,
          contextTitle: titles.context,
          threadId: thread._id,
          threadKey: thread.key,
          messageId: message._id,
          authorId: String(message.authorId),
          authorName: message.authorName,
          excerpt: message.body.slice(0, EXCERPT_LENGTH),
        });
        const view = toView(doc.toObject() as NotificationRecord, subjectOf(thread));
        this.io().to(userChannel(userId)).emit('notification:new', view);
        this.io()
          .to(userChannel(userId))
          .emit('notification:unread', { count: await this.unread(userId) });
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
  }

  unread(userId: string): Promise<number> {
    return this.models.Notification.countDocuments({ userId, readAt: null });
  }

  async list(userId: string, before?: string): Promise<{ notifications: NotificationView[]; unread: number }> {
    const filter: Record<string, unknown> = { userId };
    if (before) filter._id = { $lt: new Types.ObjectId(before) };
    const rows = await this.models.Notification.find(filter).sort({ _id: -1 }).limit(PAGE).lean<NotificationRecord[]>();
    const threads = await this.models.Thread.find({ _id: { $in: rows.map((r) => r.threadId) } }).lean<ThreadRecord[]>();
    const subjects = new Map(threads.map((t) => [String(t._id), subjectOf(t)]));
    return {
      notifications: rows.flatMap((r) => {
        const subject = subjects.get(String(r.threadId));
        return subject ? [toView(r, subject)] : [];
      }),
      unread: await this.unread(userId),
    };
  }

  async markRead(userId: string, input: { ids?: string[]; all?: true }): Promise<{ unread: number }> {
    const filter: Record<string, unknown> = { userId, readAt: null };
    if (input.ids) filter._id = { $in: input.ids.map((id) => new Types.ObjectId(id)) };
    await this.models.Notification.updateMany(filter, { $set: { readAt: new Date() } });
    const unread = await this.unread(userId);
    this.io().to(userChannel(userId)).emit('notification:unread', { count: unread });
    return { unread };
  }
}

function toView(r: NotificationRecord, subject: ThreadSubject): NotificationView {
  return {
    id: String(r._id),
    kind: r.kind,
    threadId: String(r.threadId),
    subject,
    messageId: String(r.messageId),
    author: { id: r.authorId, name: r.authorName },
    // a priority's thread without its title (a priority removed since) says only what happened
    titles: r.subjectTitle ? { subject: r.subjectTitle, context: r.contextTitle ?? null } : null,
    excerpt: r.excerpt,
    createdAt: r.createdAt.toISOString(),
    read: r.readAt !== null,
  };
}
