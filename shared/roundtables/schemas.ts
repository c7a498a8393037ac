import { z } from 'zod';
import { ROUNDTABLE_LANGUAGES, type RoundtableLanguage } from '../languages.js';
import { languageTagSchema } from '../schemas/threads.js';
import type { Abilities } from '../permissions.js';
import { objectIdSchema } from '../schemas/common.js';
import { PRIORITY_KINDS } from '../plans/schemas.js';
import { RSVP_ANSWERS, type RsvpAnswer } from './answers.js';

/** Caps: a roundtable of hundreds must stay small on the wire. */
export const ROUNDTABLE_CAPS = {
  agendaItems: 30,
  sessions: 6,
  facilitators: 10,
  invitees: 500,
  pollOptions: 20,
  polls: 50,
  dots: 10,
  decisions: 100,
  questions: 300,
  questionsPerPerson: 20,
  queue: 500,
} as const;

/** An IANA time zone name the runtime knows (`Europe/Skopje`, `Africa/Tunis`). */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return zone.includes('/') || zone === 'UTC';
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Skopje');

/** Hosts of the video call services a roundtable may link to. */
export const CALL_HOSTS = ['meet.jit.si', 'zoom.us', 'teams.microsoft.com', 'teams.live.com'] as const;

/** An https link to a Jitsi, Zoom or Teams meeting. */
export const callUrlSchema = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((value) => {
    // zod runs this even when .url() already refused the value: an unparsable one is refused here too
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    const host = url.hostname.toLowerCase();
    return (
      url.protocol === 'https:' &&
      !url.username &&
      !url.password &&
      CALL_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`))
    );
  }, 'must be an https link to a Jitsi, Zoom or Teams meeting');

/**
 * The call link when the page may embed it: a link on the configured Jitsi server (same
 * origin, https). Any other link (Zoom, Teams, another Jitsi) is only linked.
 */
export function embeddableCall(callUrl: string, jitsiOrigin: string | null): string | null {
  if (!callUrl || !jitsiOrigin) return null;
  try {
    const url = new URL(callUrl);
    return url.origin === jitsiOrigin && url.pathname.length > 1 ? url.href : null;
  } catch {
    return null;
  }
}

export const agendaItemSchema = z.object({
  title: z.string().trim().min(1).max(200),
  minutes: z.number().int().min(1).max(480),
  presenter: z.string().trim().max(120).default(''),
});

/** A local wall-clock time in the organiser's zone: `2026-03-12T10:00`. */
export const localDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be YYYY-MM-DDTHH:MM');

/** The fields of a roundtable, none defaulted: a change names only what it changes. */
const roundtableFields = {
  title: z.string().trim().min(1).max(200),
  /** Wall-clock start in `timeZone`; the server turns it into an instant. */
  start: localDateTimeSchema,
  timeZone: timeZoneSchema,
  durationMinutes: z.number().int().min(15).max(600),
  /** One session (room) per language; they share the agenda and the plan. */
  languages: z
    .array(z.enum(ROUNDTABLE_LANGUAGES))
    .min(1)
    .max(ROUNDTABLE_CAPS.sessions)
    .refine((l) => new Set(l).size === l.length, 'each language once'),
  agenda: z.array(agendaItemSchema).max(ROUNDTABLE_CAPS.agendaItems),
  planId: objectIdSchema.nullable(),
  callUrl: callUrlSchema.or(z.literal('')),
  facilitators: z.array(objectIdSchema).max(ROUNDTABLE_CAPS.facilitators),
  /** Group members invited; guests come in through the room invitations. */
  invitees: z.array(objectIdSchema).max(ROUNDTABLE_CAPS.invitees),
};

export const roundtableBodySchema = z.object({
  ...roundtableFields,
  agenda: roundtableFields.agenda.default([]),
  planId: roundtableFields.planId.default(null),
  callUrl: roundtableFields.callUrl.default(''),
  facilitators: roundtableFields.facilitators.default([]),
  invitees: roundtableFields.invitees.default([]),
});
export type RoundtableBody = z.input<typeof roundtableBodySchema>;
/** Languages (the sessions and their rooms) are fixed once scheduled. */
export const roundtablePatchSchema = z.object(roundtableFields).omit({ languages: true }).partial();

export { RSVP_ANSWERS, type RsvpAnswer } from './answers.js';
export const rsvpBodySchema = z.object({ answer: z.enum(RSVP_ANSWERS) });

export interface SessionView {
  index: number;
  language: RoundtableLanguage;
  roomId: string;
  /** The session's live notes (a `notes-…` document); null on roundtables scheduled before notes existed. */
  notesDocument: string | null;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface RoundtableView {
  id: string;
  title: string;
  group: { id: string; name: string };
  /** The instant, ISO UTC. */
  startsAt: string;
  /** The organiser's zone. */
  timeZone: string;
  durationMinutes: number;
  sessions: SessionView[];
  agenda: { title: string; minutes: number; presenter: string }[];
  plan: { id: string; documentName: string; period: string } | null;
  callUrl: string;
  facilitators: PersonRef[];
  invitees: PersonRef[];
  rsvps: { yes: number; no: number; maybe: number };
  myRsvp: RsvpAnswer | null;
  /** Increases with each edit of the time (the invite's SEQUENCE). */
  sequence: number;
  /** Questions can be shown machine-translated (a translation service is configured). */
  machineTranslation: boolean;
  /** The call link when the page may embed it (a Jitsi link on the configured server), else null. */
  callEmbed: string | null;
  abilities: Abilities<'roundtable'>;
}

// live state (docs/roundtables.md)

export const PHASES = ['lobby', 'open', 'closed'] as const;
export type Phase = (typeof PHASES)[number];
export const POLL_KINDS = ['single', 'multiple', 'dots'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export interface QueueEntry {
  userId: string;
  name: string;
  /** Server time the hand went up (ISO). */
  raisedAt: string;
}

export interface SpeakerView {
  userId: string;
  name: string;
  since: string;
  /** Server time the turn ends, or null without a limit. */
  deadline: string | null;
}

export interface PollView {
  id: string;
  kind: PollKind;
  question: string;
  options: { id: string; label: string }[];
  /** Dots per person (dot votes). */
  dots: number;
  status: 'open' | 'closed';
  showResults: boolean;
  voters: number;
  /** Votes (or dots) per option id; null while hidden. */
  results: Record<string, number> | null;
}

export interface PresentPerson {
  userId: string;
  name: string;
  role: string;
  city: string;
  /** Their interface language (an interface language code). */
  language: string;
}

/** What every participant sees, broadcast once per change. */
export interface LiveState {
  roundtableId: string;
  session: number;
  phase: Phase;
  version: number;
  /** The server's clock when this state was sent: clients keep an offset to count down. */
  serverNow: string;
  openedAt: string | null;
  closedAt: string | null;
  queue: QueueEntry[];
  speaker: SpeakerView | null;
  /** Seconds each speaker gets; 0 = no limit. */
  speakerLimit: number;
  agenda: { index: number; startedAt: string | null };
  present: PresentPerson[];
  polls: PollView[];
  /** Decisions the facilitator recorded, in order; `priorityId` once one became a plan priority. */
  decisions: DecisionView[];
  /** Questions not hidden, most upvoted first. */
  questions: QuestionView[];
  /**
   * Only in the answer to one's own `roundtable:join`, never broadcast: the ids of the
   * questions this reader upvoted (so the button shows it after a reload).
   */
  upvoted?: string[];
}

export const QUESTION_STATUSES = ['open', 'answered', 'hidden'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export interface QuestionView {
  id: string;
  text: string;
  /** The language it is written in; '' for questions asked before languages were recorded. */
  language: string;
  author: PersonRef;
  at: string;
  votes: number;
  status: Exclude<QuestionStatus, 'hidden'>;
}

export interface DecisionView {
  id: string;
  text: string;
  at: string;
  priorityId: string | null;
}

/** What a session's minutes say (docs/roundtables.md), computed from its stored state. */
export interface MinutesView {
  roundtableId: string;
  session: number;
  language: RoundtableLanguage;
  title: string;
  phase: Phase;
  startsAt: string;
  timeZone: string;
  openedAt: string | null;
  closedAt: string | null;
  /** The session's room: its chat (and, on roundtables older than notes, its document). */
  roomId: string;
  /** The session's notes as Markdown (people's text escaped); the room's document when it has no notes. */
  notes: string;
  plan: { id: string; period: string } | null;
  /** One line per person: total minutes present over all their visits. */
  attendance: {
    userId: string;
    name: string;
    role: string;
    city: string;
    /** The language of the session they joined (not their interface language). */
    language: RoundtableLanguage;
    minutes: number;
    visits: number;
  }[];
  byCity: { city: string; count: number }[];
  byRole: { role: string; count: number }[];
  /** People present per language session of the whole roundtable; empty when it has one session. */
  byLanguage: { session: number; language: RoundtableLanguage; count: number }[];
  agenda: { title: string; minutes: number; presenter: string }[];
  decisions: DecisionView[];
  questions: QuestionView[];
  polls: { question: string; kind: PollKind; voters: number; results: { label: string; count: number }[] }[];
  abilities: { facilitate: boolean };
}

/** Which language session of a roundtable (its index in `sessions`). */
export const sessionQuerySchema = z.object({
  session: z.coerce
    .number()
    .int()
    .min(0)
    .max(ROUNDTABLE_CAPS.sessions - 1)
    .default(0),
});

export const minutesQuerySchema = sessionQuerySchema.extend({
  lang: z.string().trim().max(10).default('en'),
});

export const decisionToPriorityBodySchema = z.object({
  session: z
    .number()
    .int()
    .min(0)
    .max(ROUNDTABLE_CAPS.sessions - 1),
  decisionId: z.string().uuid(),
  kind: z.enum(PRIORITY_KINDS),
});

export const sessionPayloadSchema = z.object({
  roundtableId: objectIdSchema,
  session: z
    .number()
    .int()
    .min(0)
    .max(ROUNDTABLE_CAPS.sessions - 1),
});
export type SessionPayload = z.infer<typeof sessionPayloadSchema>;

export const handPayloadSchema = sessionPayloadSchema.extend({ raised: z.boolean() });

export const facilitatePayloadSchema = z.discriminatedUnion('op', [
  sessionPayloadSchema.extend({ op: z.literal('open') }),
  sessionPayloadSchema.extend({ op: z.literal('close') }),
  sessionPayloadSchema.extend({ op: z.literal('next') }),
  sessionPayloadSchema.extend({ op: z.literal('end-turn') }),
  sessionPayloadSchema.extend({ op: z.literal('reorder'), order: z.array(objectIdSchema).max(ROUNDTABLE_CAPS.queue) }),
  sessionPayloadSchema.extend({ op: z.literal('decision'), text: z.string().trim().min(1).max(500) }),
  sessionPayloadSchema.extend({ op: z.literal('limit'), seconds: z.number().int().min(0).max(3600) }),
  sessionPayloadSchema.extend({
    op: z.literal('agenda'),
    index: z
      .number()
      .int()
      .min(0)
      .max(ROUNDTABLE_CAPS.agendaItems - 1),
  }),
]);
export type FacilitatePayload = z.infer<typeof facilitatePayloadSchema>;

export const pollPayloadSchema = z.discriminatedUnion('op', [
  sessionPayloadSchema.extend({
    op: z.literal('create'),
    kind: z.enum(['single', 'multiple']),
    question: z.string().trim().min(1).max(300),
    options: z.array(z.string().trim().min(1).max(200)).min(2).max(ROUNDTABLE_CAPS.pollOptions),
  }),
  sessionPayloadSchema.extend({
    op: z.literal('create-dots'),
    question: z.string().trim().min(1).max(300),
    dots: z.number().int().min(1).max(ROUNDTABLE_CAPS.dots),
  }),
  sessionPayloadSchema.extend({ op: z.literal('reveal'), pollId: z.string().uuid(), show: z.boolean() }),
  sessionPayloadSchema.extend({ op: z.literal('close'), pollId: z.string().uuid() }),
]);
export type PollPayload = z.infer<typeof pollPayloadSchema>;

/** A ballot: option ids (single: exactly one; multiple: any) or, for dots, dots per option id. */
export const votePayloadSchema = sessionPayloadSchema.extend({
  pollId: z.string().uuid(),
  choices: z.array(z.string().min(1).max(64)).max(ROUNDTABLE_CAPS.pollOptions).optional(),
  dots: z.record(z.string().min(1).max(64), z.number().int().min(0).max(ROUNDTABLE_CAPS.dots)).optional(),
});
export type VotePayload = z.infer<typeof votePayloadSchema>;

export const askPayloadSchema = sessionPayloadSchema.extend({
  text: z.string().trim().min(1).max(500),
  /** The language the question is written in (the client sends the asker's interface language). */
  language: languageTagSchema.optional(),
});
/** A question shown in the reader's language, through the threads' machine translation. */
export const translateQuestionPayloadSchema = sessionPayloadSchema.extend({
  questionId: z.string().uuid(),
  language: languageTagSchema,
});
export type TranslateQuestionPayload = z.infer<typeof translateQuestionPayloadSchema>;
export interface QuestionTranslation {
  /** The translated text, or null: no machine translation configured, or it failed this time. */
  text: string | null;
  language: string;
  machine: 'off' | 'ok' | 'unavailable';
}
export const upvotePayloadSchema = sessionPayloadSchema.extend({ questionId: z.string().uuid() });
export const moderateQuestionPayloadSchema = sessionPayloadSchema.extend({
  questionId: z.string().uuid(),
  status: z.enum(QUESTION_STATUSES),
});
