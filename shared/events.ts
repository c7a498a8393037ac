import type { AckCallback } from './errors.js';
import type { PresenceEntry, RoomJoinPayload, RoomView } from './schemas/rooms.js';
import type {
  MessagePage,
  MessageView,
  MessageVersionView,
  NotificationView,
  PlanThreadCounts,
  ResolvedEvent,
  ThreadChanges,
  ThreadCountEvent,
  ThreadEditPayload,
  ThreadHidePayload,
  ThreadHistoryPayload,
  ThreadMessagePayload,
  ThreadOpened,
  PersonRef,
  ThreadPeoplePayload,
  ThreadPinPayload,
  ThreadPostPayload,
  ThreadReactPayload,
  ThreadReadPayload,
  ThreadResolvePayload,
  ThreadSearchPayload,
  ThreadSincePayload,
  ThreadSubject,
  ThreadTypingPayload,
  ThreadWatchPlanPayload,
  TypingEvent,
} from './schemas/threads.js';

/**
 * Socket.IO event maps: requests are imperative (`thread:post`), broadcasts past
 * tense (`thread:posted`). Payloads are typed `unknown` on the server side of the
 * wire until a zod schema has validated them.
 */
export interface ClientToServerEvents {
  'room:join': (payload: RoomJoinPayload, ack: AckCallback<{ room: RoomView; presence: PresenceEntry[] }>) => void;
  'room:leave': (payload: RoomJoinPayload, ack: AckCallback<null>) => void;
  /** Opens a thread (created on first use) and joins its channel: its state and newest page. */
  'thread:open': (payload: { subject: ThreadSubject }, ack: AckCallback<ThreadOpened>) => void;
  'thread:leave': (payload: { threadId: string }, ack: AckCallback<null>) => void;
  'thread:post': (payload: ThreadPostPayload, ack: AckCallback<MessageView>) => void;
  'thread:history': (payload: ThreadHistoryPayload, ack: AckCallback<MessagePage>) => void;
  /** Catch-up: every change after a sequence number (see docs/threads.md). */
  'thread:since': (payload: ThreadSincePayload, ack: AckCallback<ThreadChanges>) => void;
  'thread:edit': (payload: ThreadEditPayload, ack: AckCallback<MessageView>) => void;
  'thread:delete': (payload: ThreadMessagePayload, ack: AckCallback<MessageView>) => void;
  'thread:react': (payload: ThreadReactPayload, ack: AckCallback<MessageView>) => void;
  'thread:pin': (payload: ThreadPinPayload, ack: AckCallback<MessageView>) => void;
  'thread:hide': (payload: ThreadHidePayload, ack: AckCallback<MessageView>) => void;
  'thread:resolve': (payload: ThreadResolvePayload, ack: AckCallback<ResolvedEvent>) => void;
  /** Earlier texts of an edited or deleted message: moderators only. */
  'thread:versions': (payload: ThreadMessagePayload, ack: AckCallback<MessageVersionView[]>) => void;
  'thread:search': (payload: ThreadSearchPayload, ack: AckCallback<MessagePage>) => void;
  /** Moves the reader's read marker forward; answers the unread count after it. */
  'thread:read': (payload: ThreadReadPayload, ack: AckCallback<{ lastRead: number; unread: number }>) => void;
  'thread:typing': (payload: ThreadTypingPayload, ack: AckCallback<{ sent: boolean }>) => void;
  /** People who may read the thread whose names contain `q` (mention suggestions). */
  'thread:people': (payload: ThreadPeoplePayload, ack: AckCallback<PersonRef[]>) => void;
  /** Joins a plan's comment-count channel; answers the counts now. */
  'thread:watch-plan': (payload: ThreadWatchPlanPayload, ack: AckCallback<PlanThreadCounts>) => void;
}

export interface ServerToClientEvents {
  'room:presence': (payload: { roomId: string; presence: PresenceEntry[] }) => void;
  'thread:posted': (payload: MessageView) => void;
  'thread:edited': (payload: MessageView) => void;
  'thread:deleted': (payload: MessageView) => void;
  'thread:reacted': (payload: MessageView) => void;
  'thread:hidden': (payload: MessageView) => void;
  'thread:pinned': (payload: MessageView) => void;
  'thread:resolved': (payload: ResolvedEvent) => void;
  'thread:typing': (payload: TypingEvent) => void;
  /** Your access to this thread changed: open it again to learn what you may do now. */
  'thread:access-changed': (payload: { threadId: string }) => void;
  /** A priority's comment count or unresolved state changed (to watchers of its plan). */
  'thread:counts': (payload: ThreadCountEvent) => void;
  'notification:new': (payload: NotificationView) => void;
  'notification:unread': (payload: { count: number }) => void;
  /** Your rights in this room changed (or ended): join again to learn what you may do now. */
  'room:access-changed': (payload: { roomId: string }) => void;
}

export type ClientEventName = keyof ClientToServerEvents;
export const CLIENT_EVENTS = [
  'room:join',
  'room:leave',
  'thread:open',
  'thread:leave',
  'thread:post',
  'thread:history',
  'thread:since',
  'thread:edit',
  'thread:delete',
  'thread:react',
  'thread:pin',
  'thread:hide',
  'thread:resolve',
  'thread:versions',
  'thread:search',
  'thread:read',
  'thread:typing',
  'thread:people',
  'thread:watch-plan',
] as const satisfies readonly ClientEventName[];

/** Socket.IO room name for a roundtable room; the one place that format lives. */
export function roomChannel(roomId: string): string {
  return `room:${roomId}`;
}

/** Socket.IO room holding every socket of one person. */
export function userChannel(userId: string): string {
  return `user:${userId}`;
}

/** Socket.IO room of one discussion thread. */
export function threadChannel(threadId: string): string {
  return `thread:${threadId}`;
}

/** Socket.IO room of the people watching a plan's comment counts. */
export function planThreadsChannel(planId: string): string {
  return `plan-threads:${planId}`;
}
