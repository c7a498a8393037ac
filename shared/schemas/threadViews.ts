import type { Abilities } from '../permissions.js';
import type { ThreadSubject } from './threadSubject.js';

export interface PersonRef {
  id: string;
  name: string;
}

export interface ReactionView {
  emoji: string;
  /** Who reacted (the client finds "mine" here). */
  userIds: string[];
}

/**
 * A message as one reader sees it. `seq` is its place in the thread; `changeSeq` the
 * thread sequence number of its latest change (equal to `seq` until edited, reacted to …).
 * A deleted message keeps its place with an empty body; a hidden one shows its body only to
 * its author and the thread's moderators (`redacted` tells the others it is withheld).
 */
export interface MessageView {
  id: string;
  threadId: string;
  /** The room, for a room's chat (null for other subjects). */
  roomId: string | null;
  seq: number;
  changeSeq: number;
  clientId: string;
  author: PersonRef;
  body: string;
  /** BCP 47 tag the author wrote in; '' for messages from before languages were recorded. */
  language: string;
  replyTo: string | null;
  mentions: string[];
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  pinned: boolean;
  hidden: { reason: string | null; by: PersonRef | null; at: string } | null;
  redacted: boolean;
  reactions: ReactionView[];
}

export interface MessagePage {
  /** Newest first. */
  messages: MessageView[];
  /** Older messages than the page's oldest exist. */
  hasMore: boolean;
  /**
   * Newer messages than the page's newest exist: answered to `after` and `around` (a page of the
   * newest messages has none).
   */
  hasNewer?: boolean;
}

/**
 * A message a search found, as the results list shows it (its whole view comes with the thread's
 * page when the reader jumps to it). Hidden ones are only found by their author and moderators.
 */
export interface SearchHit {
  id: string;
  seq: number;
  author: PersonRef;
  createdAt: string;
  body: string;
  hidden: boolean;
}

/**
 * What one `thread:search` found, newest first. It searched the seqs from `searchedFrom` up to
 * `searchedTo` (at most `SEARCH_WINDOW` of them, fewer when it found `limit` hits first);
 * `hasMore` says older messages were not searched: ask again with `before: searchedFrom`.
 */
export interface SearchPage {
  hits: SearchHit[];
  searchedFrom: number;
  searchedTo: number;
  hasMore: boolean;
}

export interface ThreadView {
  id: string;
  subject: ThreadSubject;
  /** The newest sequence number: the reader is caught up when it applied everything up to here. */
  seq: number;
  /** Messages neither deleted nor hidden. */
  count: number;
  resolved: boolean;
  resolvedBy: PersonRef | null;
  resolvedAt: string | null;
  abilities: Abilities<'thread'>;
  /** Machine translation is offered (a provider is configured); human translations always are. */
  machineTranslation: boolean;
  /** The reader's read marker (last seen seq) and how many messages by others are after it. */
  lastRead: number;
  unread: number;
  /** `unread` is a floor, not a count: the reader is more than `UNREAD_COUNTED` seqs behind ("1,000+"). */
  unreadMore: boolean;
}

/**
 * A reader's unread messages in one thread: exact when `unreadMore` is false; a reader more than
 * `UNREAD_COUNTED` seqs behind gets `{ unread: UNREAD_COUNTED, unreadMore: true }` ("1,000+"),
 * answered without counting over the messages.
 */
export interface UnreadCount {
  unread: number;
  unreadMore: boolean;
}

export interface ThreadOpened {
  thread: ThreadView;
  page: MessagePage;
}

/** The thread-level state every catch-up carries. */
export interface ThreadState {
  id: string;
  resolved: boolean;
  resolvedBy: PersonRef | null;
  resolvedAt: string | null;
  count: number;
}

/**
 * The current state of every message changed after the asked `seq`, oldest change first, and
 * the thread's own state. Apply them, then continue from `seq`; `hasMore` asks for the rest.
 */
export interface ThreadChanges {
  thread: ThreadState;
  messages: MessageView[];
  seq: number;
  hasMore: boolean;
}

/** A change to one message, broadcast to the thread; `seq` equals `message.changeSeq`. */
export type MessageEvent = MessageView;

export interface ResolvedEvent extends ThreadState {
  threadId: string;
  seq: number;
  planId: string | null;
  priorityId: string | null;
}

export interface TypingEvent {
  threadId: string;
  person: PersonRef;
}

export interface PriorityThreadCount {
  count: number;
  unresolved: boolean;
}

export interface PlanThreadCounts {
  planId: string;
  priorities: Record<string, PriorityThreadCount>;
}

export interface ThreadCountEvent extends PriorityThreadCount {
  planId: string;
  priorityId: string;
}

export interface MessageVersionView {
  body: string;
  language: string;
  /** When this text was replaced (by an edit) or removed (by a delete). */
  replacedAt: string;
  reason: 'edited' | 'deleted';
}

export interface UnreadView extends UnreadCount {
  threadId: string;
  subject: ThreadSubject;
}

export interface NotificationView {
  id: string;
  /** Mentioned in the message, or the message replies to one of the reader's. */
  kind: 'mention' | 'reply';
  /**
   * The subject's title (a priority's, a room's, a group's) and, for a priority, its plan's, as
   * they were when it happened; null for notifications from before titles were kept.
   */
  titles: { subject: string; context: string | null } | null;
  threadId: string;
  subject: ThreadSubject;
  messageId: string;
  author: PersonRef;
  /** The first 200 characters of the message (verbatim). */
  excerpt: string;
  createdAt: string;
  read: boolean;
}
