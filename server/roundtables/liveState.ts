import { randomUUID } from 'node:crypto';
import type {
  QuestionStatus,
  QuestionView,
  DecisionView,
  FacilitatePayload,
  LiveState,
  PollKind,
  PollView,
  PresentPerson,
  QueueEntry,
  VotePayload,
} from '../../shared/roundtables/schemas.js';
import { ROUNDTABLE_CAPS } from '../../shared/roundtables/schemas.js';
import { badRequest, conflict } from '../errors.js';

/** One person's ballot: the options chosen, or dots per option. */
export interface Ballot {
  choices?: string[];
  dots?: Record<string, number>;
}

/** A poll as stored: what everyone sees, less the live counts, plus the ballots. */
export interface PollRecord extends Omit<PollView, 'voters' | 'results'> {
  /** One ballot per person (user id): sending again replaces it. Never broadcast. */
  ballots: Record<string, Ballot>;
  createdAt: string;
  closedAt: string | null;
  /** Counted once when it closed. */
  result: Record<string, number> | null;
}

/** A question as stored: who upvoted it (once each) and whether it is hidden. */
export interface QuestionRecord extends Omit<QuestionView, 'votes' | 'status' | 'language'> {
  /** Absent on questions stored before they recorded their language. */
  language?: string;
  status: QuestionStatus;
  upvoters: string[];
}

/**
 * One visit: a person (as shown present) from when to when. `language` is the language of the
 * session they joined — not their interface language, which presence shows.
 */
export interface AttendanceRecord extends PresentPerson {
  from: string;
  to: string | null;
}

/** A session's live state as stored (docs/roundtables.md). */
export interface LiveRecord extends Pick<
  LiveState,
  'phase' | 'openedAt' | 'closedAt' | 'queue' | 'speaker' | 'speakerLimit' | 'agenda'
> {
  polls: PollRecord[];
  decisions: DecisionView[];
  questions: QuestionRecord[];
  attendance: AttendanceRecord[];
  savedAt: string;
}

export const emptyRecord = (): LiveRecord => ({
  phase: 'lobby',
  openedAt: null,
  closedAt: null,
  queue: [],
  speaker: null,
  speakerLimit: 0,
  agenda: { index: 0, startedAt: null },
  polls: [],
  decisions: [],
  questions: [],
  attendance: [],
  savedAt: new Date(0).toISOString(),
});

/** After a restart nobody is connected: the intervals left open end when the state was last saved. */
export function closeStaleAttendance(record: LiveRecord): void {
  for (const a of record.attendance) if (a.to === null) a.to = record.savedAt;
}

const iso = (ms: number) => new Date(ms).toISOString();

function notClosed(record: LiveRecord): void {
  if (record.phase === 'closed') throw conflict('This roundtable session is closed.');
}

/** Raise or lower a hand; the queue keeps the order hands went up (server time). */
export function setHand(record: LiveRecord, person: { userId: string; name: string }, raised: boolean, now: number) {
  notClosed(record);
  const at = record.queue.findIndex((q) => q.userId === person.userId);
  if (!raised) {
    if (at >= 0) record.queue.splice(at, 1);
    return;
  }
  if (at >= 0 || record.speaker?.userId === person.userId) return;
  if (record.queue.length >= ROUNDTABLE_CAPS.queue) throw conflict('The speaking queue is full.');
  record.queue.push({ userId: person.userId, name: person.name, raisedAt: iso(now) });
}

/** The facilitator's moves: open, close, next speaker, end a turn, reorder, time limit, agenda. */
export function facilitate(record: LiveRecord, op: FacilitatePayload, agendaLength: number, now: number): void {
  switch (op.op) {
    case 'open':
      notClosed(record);
      if (record.phase === 'lobby') {
        record.phase = 'open';
        record.openedAt = iso(now);
        if (agendaLength > 0) record.agenda = { index: 0, startedAt: iso(now) };
      }
      return;
    case 'close':
      if (record.phase === 'closed') return;
      record.phase = 'closed';
      record.closedAt = iso(now);
      record.speaker = null;
      record.queue = [];
      for (const poll of record.polls) if (poll.status === 'open') closePoll(poll, now);
      for (const a of record.attendance) if (a.to === null) a.to = iso(now);
      return;
    case 'next': {
      notClosed(record);
      const next = record.queue.shift();
      record.speaker = next
        ? {
            userId: next.userId,
            name: next.name,
            since: iso(now),
            deadline: record.speakerLimit > 0 ? iso(now + record.speakerLimit * 1000) : null,
          }
        : null;
      return;
    }
    case 'end-turn':
      record.speaker = null;
      return;
    case 'reorder': {
      notClosed(record);
      // the named hands first, in the given order; hands raised meanwhile keep their place after them
      const byId = new Map(record.queue.map((q) => [q.userId, q]));
      const named = [...new Set(op.order)].map((id) => byId.get(id)).filter((q): q is QueueEntry => !!q);
      const rest = record.queue.filter((q) => !op.order.includes(q.userId));
      record.queue = [...named, ...rest];
      return;
    }
    case 'limit':
      record.speakerLimit = op.seconds;
      if (record.speaker)
        record.speaker.deadline =
          op.seconds > 0 ? iso(new Date(record.speaker.since).getTime() + op.seconds * 1000) : null;
      return;
    case 'decision':
      notClosed(record);
      if (record.decisions.length >= ROUNDTABLE_CAPS.decisions)
        throw conflict('This session has as many decisions as it may.');
      record.decisions.push({ id: randomUUID(), text: op.text, at: iso(now), priorityId: null });
      return;
    case 'agenda':
      notClosed(record);
      if (op.index >= agendaLength) throw badRequest('index: no such agenda item');
      record.agenda = { index: op.index, startedAt: iso(now) };
      return;
  }
}

export function createPoll(
  record: LiveRecord,
  poll: { kind: PollKind; question: string; labels: { id: string; label: string }[]; dots: number },
  now: number,
): string {
  notClosed(record);
  if (record.polls.length >= ROUNDTABLE_CAPS.polls) throw conflict('This session has as many polls as it may.');
  if (poll.labels.length === 0) throw badRequest('options: a dot vote needs a plan with priorities');
  const id = randomUUID();
  record.polls.push({
    id,
    kind: poll.kind,
    question: poll.question,
    options: poll.labels,
    dots: poll.kind === 'dots' ? poll.dots : 0,
    status: 'open',
    showResults: false,
    ballots: {},
    createdAt: iso(now),
    closedAt: null,
    result: null,
  });
  return id;
}

export function pollOf(record: LiveRecord, pollId: string): PollRecord {
  const poll = record.polls.find((p) => p.id === pollId);
  if (!poll) throw badRequest('pollId: no such poll');
  return poll;
}

/** Checks a ballot against its poll and keeps it as the person's only one. */
export function vote(record: LiveRecord, userId: string, payload: VotePayload): void {
  const poll = pollOf(record, payload.pollId);
  if (poll.status !== 'open') throw conflict('This poll is closed.');
  const ids = new Set(poll.options.map((o) => o.id));
  if (poll.kind === 'dots') {
    const dots = Object.entries(payload.dots ?? {}).filter(([, n]) => n > 0);
    const total = dots.reduce((sum, [, n]) => sum + n, 0);
    if (dots.some(([id]) => !ids.has(id))) throw badRequest('dots: no such priority');
    if (total < 1 || total > poll.dots) throw badRequest(`dots: place between 1 and ${poll.dots} dots`);
    poll.ballots[userId] = { dots: Object.fromEntries(dots) };
    return;
  }
  const choices = [...new Set(payload.choices ?? [])];
  if (choices.some((id) => !ids.has(id))) throw badRequest('choices: no such option');
  if (choices.length < 1 || (poll.kind === 'single' && choices.length !== 1))
    throw badRequest(poll.kind === 'single' ? 'choices: choose one option' : 'choices: choose at least one option');
  poll.ballots[userId] = { choices };
}

/** Votes (or dots) per option, one ballot per person. */
export function tally(poll: PollRecord): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(poll.options.map((o) => [o.id, 0]));
  for (const ballot of Object.values(poll.ballots)) {
    for (const id of ballot.choices ?? []) counts[id] = (counts[id] ?? 0) + 1;
    for (const [id, n] of Object.entries(ballot.dots ?? {})) counts[id] = (counts[id] ?? 0) + n;
  }
  return counts;
}

export function closePoll(poll: PollRecord, now: number): void {
  if (poll.status === 'closed') return;
  poll.status = 'closed';
  poll.closedAt = iso(now);
  poll.result = tally(poll);
}

export function pollView(poll: PollRecord): PollView {
  const visible = poll.status === 'closed' || poll.showResults;
  return {
    id: poll.id,
    kind: poll.kind,
    question: poll.question,
    options: poll.options,
    dots: poll.dots,
    status: poll.status,
    showResults: poll.showResults,
    voters: Object.keys(poll.ballots).length,
    results: visible ? (poll.result ?? tally(poll)) : null,
  };
}

/**
 * Attendance: an interval opens when a person's first connection joins and ends with their last.
 * It records the session's language (the language session they joined), not their interface's.
 */
export function arrive(record: LiveRecord, person: PresentPerson, sessionLanguage: string, now: number): void {
  if (record.attendance.some((a) => a.userId === person.userId && a.to === null)) return;
  if (record.phase === 'closed') return;
  record.attendance.push({ ...person, language: sessionLanguage, from: iso(now), to: null });
}

export function depart(record: LiveRecord, userId: string, now: number): void {
  for (const a of record.attendance) if (a.userId === userId && a.to === null) a.to = iso(now);
}

export function liveView(
  record: LiveRecord,
  ids: { roundtableId: string; session: number },
  version: number,
  present: PresentPerson[],
  now: number,
): LiveState {
  return {
    ...ids,
    phase: record.phase,
    version,
    serverNow: iso(now),
    openedAt: record.openedAt,
    closedAt: record.closedAt,
    queue: record.queue,
    speaker: record.speaker,
    speakerLimit: record.speakerLimit,
    agenda: record.agenda,
    present,
    polls: record.polls.map(pollView),
    decisions: record.decisions,
    questions: visibleQuestions(record),
  };
}

export function ask(
  record: LiveRecord,
  author: { id: string; name: string },
  question: { text: string; language: string },
  now: number,
): string {
  notClosed(record);
  if (record.questions.length >= ROUNDTABLE_CAPS.questions)
    throw conflict('This session has as many questions as it may.');
  if (record.questions.filter((q) => q.author.id === author.id).length >= ROUNDTABLE_CAPS.questionsPerPerson)
    throw conflict('You have asked as many questions as one person may.');
  const id = randomUUID();
  record.questions.push({ id, ...question, author, at: iso(now), status: 'open', upvoters: [] });
  return id;
}

function questionOf(record: LiveRecord, questionId: string): QuestionRecord {
  const question = record.questions.find((q) => q.id === questionId && q.status !== 'hidden');
  if (!question) throw badRequest('questionId: no such question');
  return question;
}

/** One upvote per person; upvoting again changes nothing. */
export function upvote(record: LiveRecord, userId: string, questionId: string): void {
  notClosed(record);
  const question = questionOf(record, questionId);
  if (!question.upvoters.includes(userId)) question.upvoters.push(userId);
}

/** The questions a person upvoted (told to them alone, when they join). */
export function upvotedBy(record: LiveRecord, userId: string): string[] {
  return record.questions.filter((q) => q.status !== 'hidden' && q.upvoters.includes(userId)).map((q) => q.id);
}

export function moderate(record: LiveRecord, questionId: string, status: QuestionStatus): void {
  const question = record.questions.find((q) => q.id === questionId);
  if (!question) throw badRequest('questionId: no such question');
  question.status = status;
}

/** Questions everyone sees: not hidden, most upvoted first, then oldest first. */
export function visibleQuestions(record: LiveRecord): QuestionView[] {
  return (
    record.questions
      .filter((q): q is QuestionRecord & { status: QuestionView['status'] } => q.status !== 'hidden')
      // questions stored before they recorded their language have none ('')
      .map(({ upvoters, ...q }) => ({ ...q, language: q.language ?? '', votes: upvoters.length }))
      .sort((a, b) => b.votes - a.votes || a.at.localeCompare(b.at))
  );
}
