import type { Types } from 'mongoose';
import type { MessageView, ReactionView, ThreadState } from '../../shared/schemas/threads.js';
import type { MessageRecord, ThreadModels, ThreadRecord } from './message.model.js';

/** Who is looking: the author of a hidden message and the thread's moderators still read it. */
export interface Viewer {
  userId: string;
  moderates: boolean;
}

export function mayReadHidden(viewer: Viewer, m: Pick<MessageRecord, 'authorId'>): boolean {
  return viewer.moderates || String(m.authorId) === viewer.userId;
}

/** Presents one message to one viewer (the only place a record becomes a view). */
export function messageView(m: MessageRecord, reactions: ReactionView[], viewer: Viewer): MessageView {
  const hidden = m.hiddenAt !== null && m.hiddenAt !== undefined;
  const full = !hidden || mayReadHidden(viewer, m);
  const deleted = m.deletedAt !== null && m.deletedAt !== undefined;
  return {
    id: String(m._id),
    threadId: String(m.threadId),
    roomId: m.roomId ? String(m.roomId) : null,
    seq: m.seq,
    changeSeq: m.changeSeq,
    clientId: m.clientId,
    author: { id: String(m.authorId), name: m.authorName },
    body: deleted || !full ? '' : m.body,
    language: m.language ?? '',
    replyTo: m.replyTo ? String(m.replyTo) : null,
    mentions: full && !deleted ? (m.mentions ?? []) : [],
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt ? m.editedAt.toISOString() : null,
    deleted,
    pinned: m.pinned ?? false,
    hidden: hidden
      ? {
          reason: full ? m.hiddenReason : null,
          by: full && m.hiddenById ? { id: m.hiddenById, name: m.hiddenByName ?? '' } : null,
          at: m.hiddenAt!.toISOString(),
        }
      : null,
    redacted: !full,
    reactions: deleted ? [] : reactions,
  };
}

/** The reactions of several messages, grouped by message then emoji (in first-reacted order). */
export async function reactionsOf(
  models: ThreadModels,
  messageIds: Types.ObjectId[],
): Promise<Map<string, ReactionView[]>> {
  const byMessage = new Map<string, ReactionView[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await models.Reaction.find({ messageId: { $in: messageIds } })
    .sort({ _id: 1 })
    .lean<{ messageId: Types.ObjectId; userId: string; emoji: string }[]>();
  for (const r of rows) {
    const list = byMessage.get(String(r.messageId)) ?? [];
    const entry = list.find((e) => e.emoji === r.emoji);
    if (entry) entry.userIds.push(r.userId);
    else list.push({ emoji: r.emoji, userIds: [r.userId] });
    byMessage.set(String(r.messageId), list);
  }
  return byMessage;
}

export async function messageViews(
  models: ThreadModels,
  records: MessageRecord[],
  viewer: Viewer,
): Promise<MessageView[]> {
  const reactions = await reactionsOf(
    models,
    records.map((m) => m._id),
  );
  return records.map((m) => messageView(m, reactions.get(String(m._id)) ?? [], viewer));
}

export function threadState(t: ThreadRecord): ThreadState {
  return {
    id: String(t._id),
    resolved: t.resolved ?? false,
    resolvedBy: t.resolvedById ? { id: t.resolvedById, name: t.resolvedByName ?? '' } : null,
    resolvedAt: t.resolvedAt ? t.resolvedAt.toISOString() : null,
    count: t.count ?? 0,
  };
}
