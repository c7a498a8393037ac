// Plain values and helpers of the threads contract, without zod: the client imports them from here so
// its first script needs no schema library (the schemas in threads.ts re-export and use them).

/** Longest message body, in characters (UTF-16 code units), stored verbatim. */
export const MESSAGE_MAX_LENGTH = 10_000;
export const HISTORY_PAGE_SIZE = 50;
/** Most changes one `thread:since` answer carries; `hasMore` asks for the rest. */
export const SINCE_PAGE_SIZE = 500;
export const HIDE_REASON_MAX_LENGTH = 500;
export const SEARCH_MAX_LENGTH = 200;
/**
 * Unread counts are exact for a reader at most this many seqs behind; further behind the answer is
 * "1,000+" (`unread` this number, `unreadMore` true) without counting (docs/threads.md, "Unread").
 */
export const UNREAD_COUNTED = 1000;
/** One `thread:search` reads this many of the newest seqs below where it starts (docs/threads.md, "Search"). */
export const SEARCH_WINDOW = 5000;
export const MAX_MENTIONS = 20;
/** Longest reason a reader gives when reporting a translation error. */
export const TRANSLATION_REPORT_MAX_LENGTH = 500;

/** What `subjectKey` reads of a thread's subject (a `ThreadSubject`, see threadSubject.ts). */
type SubjectIds =
  | { kind: 'priority'; planId: string; priorityId: string }
  | { kind: 'room'; roomId: string }
  | { kind: 'group'; groupId: string };

/** The one string that names a subject (unique per thread). */
export function subjectKey(subject: SubjectIds): string {
  switch (subject.kind) {
    case 'priority':
      return `priority:${subject.planId}:${subject.priorityId}`;
    case 'room':
      return `room:${subject.roomId}`;
    case 'group':
      return `group:${subject.groupId}`;
  }
}
