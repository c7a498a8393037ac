import type { RoundtableView } from '../../shared/roundtables/schemas.js';
import { api } from './api.js';
import { request, type ClientSocket } from './clients.js';

/** What the authorization matrix needs of a roundtable: one scheduled for the target group, feeding its plan. */
export interface RoundtableMatrixWorld {
  roundtableId: string;
  /** Session 0's live notes (a `notes-…` document). */
  notesDocument: string;
}

interface MatrixFixture {
  build(w: RoundtableMatrixWorld & { groupId: string }): Promise<{ path: string; body?: unknown }>;
}

export const scheduleBody = (planId: string | null = null) => ({
  title: 'Western Balkans hub launch — youth and online hate',
  start: '2031-03-12T10:00',
  timeZone: 'Europe/Skopje',
  durationMinutes: 90,
  languages: ['en', 'sq'],
  agenda: [
    { title: 'Welcome', minutes: 10, presenter: 'Hub staff' },
    { title: 'Priorities for the plan', minutes: 40, presenter: '' },
  ],
  planId,
  callUrl: 'https://meet.jit.si/roundtable-wb-launch',
});

export async function buildRoundtableMatrixWorld(
  url: string,
  adminCookie: string,
  groupId: string,
  planId: string,
): Promise<RoundtableMatrixWorld> {
  const reply = await api<{ roundtable: RoundtableView }>(url, 'POST', `/api/groups/${groupId}/roundtables`, {
    cookie: adminCookie,
    body: scheduleBody(planId),
  });
  if (reply.status !== 201) throw new Error(`could not schedule: ${JSON.stringify(reply.body)}`);
  return { roundtableId: reply.body.roundtable.id, notesDocument: reply.body.roundtable.sessions[0]!.notesDocument! };
}

/** `addDecision` records a fresh decision in session 0 (as a facilitator) and answers its id. */
export function roundtableFixtures(addDecision: () => Promise<string>) {
  return {
    'GET /api/roundtables': { build: async () => ({ path: '/api/roundtables' }) },
    'POST /api/groups/:id/roundtables': {
      build: async (w) => ({ path: `/api/groups/${w.groupId}/roundtables`, body: scheduleBody() }),
    },
    'GET /api/roundtables/:id': { build: async (w) => ({ path: `/api/roundtables/${w.roundtableId}` }) },
    'PATCH /api/roundtables/:id': {
      build: async (w) => ({ path: `/api/roundtables/${w.roundtableId}`, body: { durationMinutes: 120 } }),
    },
    'POST /api/roundtables/:id/rsvp': {
      build: async (w) => ({ path: `/api/roundtables/${w.roundtableId}/rsvp`, body: { answer: 'yes' } }),
    },
    'GET /api/roundtables/:id/invite.ics': {
      build: async (w) => ({ path: `/api/roundtables/${w.roundtableId}/invite.ics` }),
    },
    'GET /api/roundtables/:id/notes': {
      build: async (w) => ({ path: `/api/roundtables/${w.roundtableId}/notes?session=1` }),
    },
    'GET /api/roundtables/:id/minutes': {
      build: async (w) => ({ path: `/api/roundtables/${w.roundtableId}/minutes?session=0` }),
    },
    'GET /api/roundtables/:id/minutes.md': {
      build: async (w) => ({ path: `/api/roundtables/${w.roundtableId}/minutes.md?session=1&lang=ar` }),
    },
    'POST /api/roundtables/:id/decisions/priority': {
      build: async (w) => ({
        path: `/api/roundtables/${w.roundtableId}/decisions/priority`,
        body: { session: 0, decisionId: await addDecision(), kind: 'advocacy' },
      }),
    },
  } satisfies Record<string, MatrixFixture>;
}

/** Socket payloads for the matrix: none of them ends the session, so every persona's turn finds it running. */
export function roundtableEventPayloads(world: () => RoundtableMatrixWorld, adminSocket: () => Promise<ClientSocket>) {
  const session = () => ({ roundtableId: world().roundtableId, session: 0 });
  const adminQuestion = async () => {
    const ack = await request(await adminSocket(), 'roundtable:ask', { ...session(), text: 'How do guests join?' });
    if (!ack.ok) throw new Error(JSON.stringify(ack));
    return (ack.data as { questionId: string }).questionId;
  };
  // one question every persona asks to have translated (a person may ask 20 at most)
  let toTranslate: Promise<string> | undefined;
  return {
    'roundtable:join': async () => session(),
    'roundtable:leave': async () => session(),
    'roundtable:hand': async () => ({ ...session(), raised: true }),
    'roundtable:facilitate': async () => ({ ...session(), op: 'limit', seconds: 120 }),
    'roundtable:poll': async () => ({
      ...session(),
      op: 'create',
      kind: 'single',
      question: 'Meet again in June?',
      options: ['Yes', 'No'],
    }),
    'roundtable:vote': async () => {
      const ack = await request(await adminSocket(), 'roundtable:poll', {
        ...session(),
        op: 'create',
        kind: 'multiple',
        question: 'Which topics next?',
        options: ['Schools', 'Online hate'],
      });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      return { ...session(), pollId: (ack.data as { pollId: string }).pollId, choices: ['o1'] };
    },
    'roundtable:ask': async () => ({ ...session(), text: 'Will the hub fund small grants this year?' }),
    'roundtable:upvote': async () => ({ ...session(), questionId: await adminQuestion() }),
    'roundtable:question': async () => ({ ...session(), questionId: await adminQuestion(), status: 'answered' }),
    'roundtable:translate-question': async () => ({
      ...session(),
      questionId: await (toTranslate ??= adminQuestion()),
      language: 'ar',
    }),
  };
}

/** Records a decision in a session through a facilitator's socket; answers its id. */
export async function recordDecision(socket: ClientSocket, roundtableId: string, text: string): Promise<string> {
  const session = { roundtableId, session: 0 };
  const ack = await request(socket, 'roundtable:facilitate', { ...session, op: 'decision', text });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  const joined = await request(socket, 'roundtable:join', session);
  if (!joined.ok) throw new Error(JSON.stringify(joined));
  const state = joined.data as { decisions: { id: string; text: string }[] };
  return state.decisions.findLast((d) => d.text === text)!.id;
}
