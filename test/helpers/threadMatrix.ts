import { randomUUID } from 'node:crypto';
import { addPriority } from '../../shared/plans/doc.js';
import type { Ack } from '../../shared/errors.js';
import type { MessageView, ThreadOpened } from '../../shared/schemas/threads.js';
import type { TranslationView } from '../../shared/schemas/translations.js';
import { eventually, request, type ClientSocket } from './clients.js';
import type { TestServer } from './server.js';

/** What the authorization matrix needs of threads: a priority of the world's plan, and its thread. */
export interface ThreadMatrixWorld {
  priorityId: string;
  threadId: string;
}

/** Adds a priority to the plan (as the server would) and waits for its projection. */
export async function addMatrixPriority(server: TestServer, planId: string, documentName: string): Promise<string> {
  let id = '';
  await server.app.collab.transact(
    documentName,
    (doc) => {
      id = addPriority(doc, { kind: 'advocacy', title: 'Youth councils in every member city' });
    },
    { kind: 'server', reason: 'test' },
  );
  await eventually(async () => {
    const plan = await server.app.models.Plan.findById(planId).lean();
    if (!plan?.priorities.some((p) => p.priorityId === id)) throw new Error('priority not projected yet');
  });
  return id;
}

export async function buildThreadMatrixWorld(
  server: TestServer,
  adminSocket: ClientSocket,
  planId: string,
  documentName: string,
): Promise<ThreadMatrixWorld> {
  const priorityId = await addMatrixPriority(server, planId, documentName);
  const ack = (await request(adminSocket, 'thread:open', {
    subject: { kind: 'priority', planId, priorityId },
  })) as Ack<ThreadOpened>;
  if (!ack.ok) throw new Error(`could not open the matrix thread: ${ack.error.message}`);
  return { priorityId, threadId: ack.data.thread.id };
}

async function postAs(socket: ClientSocket, threadId: string): Promise<string | null> {
  const ack = (await request(socket, 'thread:post', {
    threadId,
    body: 'Matrix probe — مسبار',
    clientId: randomUUID(),
  })) as Ack<MessageView>;
  return ack.ok ? ack.data.id : null;
}

/**
 * Payloads for every thread event, all on the world plan's priority thread. Events on a
 * message act on one the caller wrote when they may post, else on one the admin wrote: the
 * expected outcome still comes from the tables alone.
 */
export function threadEventPayloads(
  w: () => ThreadMatrixWorld & { planId: string },
  admin: () => Promise<ClientSocket>,
) {
  const message = async (socket: ClientSocket) =>
    (await postAs(socket, w().threadId)) ?? (await postAs(await admin(), w().threadId))!;
  const on = () => ({ threadId: w().threadId });
  /** A message with a human translation into French by the admin, to report. */
  const translated = async (socket: ClientSocket) => {
    const messageId = await message(socket);
    const ack = (await request(await admin(), 'thread:translation-add', {
      ...on(),
      messageId,
      language: 'fr',
      body: 'Les conseils de jeunes d’abord',
    })) as Ack<TranslationView>;
    if (!ack.ok) throw new Error(`could not translate the matrix message: ${ack.error.message}`);
    return { messageId, translationId: ack.data.id };
  };
  return {
    'thread:open': async () => ({ subject: { kind: 'priority', planId: w().planId, priorityId: w().priorityId } }),
    'thread:leave': async () => on(),
    'thread:post': async () => ({ ...on(), body: 'Youth councils first — مجالس الشباب أولاً', clientId: randomUUID() }),
    'thread:history': async () => on(),
    'thread:since': async () => ({ ...on(), after: 0 }),
    'thread:edit': async (s: ClientSocket) => ({ ...on(), messageId: await message(s), body: 'Edited — عُدّلت' }),
    'thread:delete': async (s: ClientSocket) => ({ ...on(), messageId: await message(s) }),
    'thread:react': async (s: ClientSocket) => ({ ...on(), messageId: await message(s), emoji: '👍', on: true }),
    'thread:pin': async (s: ClientSocket) => ({ ...on(), messageId: await message(s), pinned: true }),
    'thread:hide': async (s: ClientSocket) => ({
      ...on(),
      messageId: await message(s),
      hidden: true,
      reason: 'Off topic',
    }),
    'thread:resolve': async () => ({ ...on(), resolved: true }),
    'thread:versions': async (s: ClientSocket) => ({ ...on(), messageId: await message(s) }),
    'thread:search': async () => ({ ...on(), q: 'مجالس' }),
    'thread:read': async () => ({ ...on(), seq: 1 }),
    'thread:typing': async () => on(),
    'thread:people': async () => ({ ...on(), q: 'a' }),
    'thread:watch-plan': async () => ({ planId: w().planId }),
    'thread:translate': async (s: ClientSocket) => ({ ...on(), messageId: await message(s), language: 'fr' }),
    'thread:translation-add': async (s: ClientSocket) => ({
      ...on(),
      messageId: await message(s),
      language: 'fr',
      body: 'Les conseils de jeunes d’abord',
    }),
    'thread:translation-report': async (s: ClientSocket) => ({
      ...on(),
      ...(await translated(s)),
      language: 'fr',
      reason: 'Wrong word for councils',
    }),
    'thread:translation-reports': async () => on(),
    'thread:translation-correct': async (s: ClientSocket) => ({
      ...on(),
      messageId: await message(s),
      language: 'fr',
      body: 'Les conseils de jeunes en premier',
    }),
    'thread:translation-dismiss': async () => {
      // an open report filed by the admin, for the caller to dismiss
      const admin_ = await admin();
      const ack = (await request(admin_, 'thread:translation-report', {
        ...on(),
        ...(await translated(admin_)),
        language: 'fr',
        reason: 'Wrong word for councils',
      })) as Ack<{ id: string }>;
      if (!ack.ok) throw new Error(`could not report the matrix translation: ${ack.error.message}`);
      return { ...on(), reportId: ack.data.id };
    },
  };
}

/** The thread routes' fixtures for the matrix. */
export function threadFixtures() {
  return {
    'GET /api/plans/:id/threads': {
      build: async (w: { planId: string }) => ({ path: `/api/plans/${w.planId}/threads` }),
    },
    'GET /api/threads/unread': { build: async () => ({ path: '/api/threads/unread' }) },
    'GET /api/notifications': { build: async () => ({ path: '/api/notifications' }) },
    'POST /api/notifications/read': { build: async () => ({ path: '/api/notifications/read', body: { all: true } }) },
    'GET /api/translation-reports': { build: async () => ({ path: '/api/translation-reports' }) },
  };
}
