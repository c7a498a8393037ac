import type { AckCallback } from './errors.js';
import type { PresenceEntry, RoomJoinPayload, RoomView } from './schemas/rooms.js';
import type {
  MessagePage,
  MessageView,
  SearchPage,
  UnreadCount,
  MessageVersionView,
  NotificationView,
  UnreadView,
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
import type {
  ThreadTranslatePayload,
  ThreadTranslationAddPayload,
  ThreadTranslationCorrectPayload,
  ThreadTranslationDismissPayload,
  ThreadTranslationReportPayload,
  ThreadTranslationReportsPayload,
  TranslatedEvent,
  TranslationAnswer,
  TranslationReportItem,
  TranslationReportView,
  TranslationView,
} from './schemas/translations.js';
import type {
  FacilitatePayload,
  LiveState,
  PollPayload,
  QuestionTranslation,
  SessionPayload,
  TranslateQuestionPayload,
  VotePayload,
} from './roundtables/schemas.js';

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
  'thread:search': (payload: ThreadSearchPayload, ack: AckCallback<SearchPage>) => void;
  /** Moves the reader's read marker forward; answers the unread count after it. */
  'thread:read': (payload: ThreadReadPayload, ack: AckCallback<{ lastRead: number } & UnreadCount>) => void;
  'thread:typing': (payload: ThreadTypingPayload, ack: AckCallback<{ sent: boolean }>) => void;
  /** People who may read the thread whose names contain `q` (mention suggestions). */
  'thread:people': (payload: ThreadPeoplePayload, ack: AckCallback<PersonRef[]>) => void;
  /** Joins a plan's comment-count channel; answers the counts now. */
  'thread:watch-plan': (payload: ThreadWatchPlanPayload, ack: AckCallback<PlanThreadCounts>) => void;
  /** The best translation of a message into a language (docs/threads.md, "Translations"). */
  'thread:translate': (payload: ThreadTranslatePayload, ack: AckCallback<TranslationAnswer>) => void;
  'thread:translation-add': (payload: ThreadTranslationAddPayload, ack: AckCallback<TranslationView>) => void;
  'thread:translation-report': (
    payload: ThreadTranslationReportPayload,
    ack: AckCallback<TranslationReportView>,
  ) => void;
  /** Open reports of translation errors in a thread: moderators only. */
  'thread:translation-reports': (
    payload: ThreadTranslationReportsPayload,
    ack: AckCallback<TranslationReportItem[]>,
  ) => void;
  'thread:translation-correct': (payload: ThreadTranslationCorrectPayload, ack: AckCallback<TranslationView>) => void;
  /** Closes a report of a translation error without changing the translation: moderators only. */
  'thread:translation-dismiss': (payload: ThreadTranslationDismissPayload, ack: AckCallback<null>) => void;
  /** Joins a roundtable session's live channel (attendance starts); answers its state now. */
  'roundtable:join': (payload: SessionPayload, ack: AckCallback<LiveState>) => void;
  'roundtable:leave': (payload: SessionPayload, ack: AckCallback<null>) => void;
  'roundtable:hand': (payload: SessionPayload & { raised: boolean }, ack: AckCallback<null>) => void;
  'roundtable:facilitate': (payload: FacilitatePayload, ack: AckCallback<null>) => void;
  /** Creates, reveals or closes a poll; `create`/`create-dots` answer the new poll's id. */
  'roundtable:poll': (payload: PollPayload, ack: AckCallback<{ pollId: string } | null>) => void;
  /** A person's ballot; sending it again replaces it (counted once per person). */
  'roundtable:vote': (payload: VotePayload, ack: AckCallback<null>) => void;
  /** Submits a question; answers its id. */
  'roundtable:ask': (
    payload: SessionPayload & { text: string; language?: string },
    ack: AckCallback<{ questionId: string }>,
  ) => void;
  /** A question in the reader's language (machine translation, made once per language and kept). */
  'roundtable:translate-question': (payload: TranslateQuestionPayload, ack: AckCallback<QuestionTranslation>) => void;
  /** Upvotes a question, once per person. */
  'roundtable:upvote': (payload: SessionPayload & { questionId: string }, ack: AckCallback<null>) => void;
  /** The facilitator marks a question answered, hides it, or opens it again. */
  'roundtable:question': (
    payload: SessionPayload & { questionId: string; status: 'open' | 'answered' | 'hidden' },
    ack: AckCallback<null>,
  ) => void;
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
  /** A human translation of a message was added or corrected. */
  'thread:translated': (payload: TranslatedEvent) => void;
  'notification:new': (payload: NotificationView) => void;
  'notification:unread': (payload: { count: number }) => void;
  /** A thread one has opened before has a new unread count (to the person's own channel). */
  'thread:unread': (payload: UnreadView) => void;
  /** Your rights in this room changed (or ended): join again to learn what you may do now. */
  'room:access-changed': (payload: { roomId: string }) => void;
  /** A roundtable session's whole live state, sent once per change (coalesced) to everyone in it. */
  'roundtable:state': (payload: LiveState) => void;
  /** Your rights in this roundtable changed (or ended): join the session again to learn what you may do now. */
  'roundtable:access-changed': (payload: SessionPayload) => void;
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
  'thread:translate',
  'thread:translation-add',
  'thread:translation-report',
  'thread:translation-reports',
  'thread:translation-correct',
  'thread:translation-dismiss',
  'roundtable:join',
  'roundtable:leave',
  'roundtable:hand',
  'roundtable:facilitate',
  'roundtable:poll',
  'roundtable:vote',
  'roundtable:ask',
  'roundtable:upvote',
  'roundtable:question',
  'roundtable:translate-question',
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

/** Socket.IO room of one language session of a live roundtable. */
export function roundtableChannel(roundtableId: string, session: number): string {
  return `roundtable:${roundtableId}:${session}`;
}
