import { roundtableChannel, userChannel } from '../../shared/events.js';
import {
  askPayloadSchema,
  moderateQuestionPayloadSchema,
  upvotePayloadSchema,
  facilitatePayloadSchema,
  handPayloadSchema,
  pollPayloadSchema,
  sessionPayloadSchema,
  translateQuestionPayloadSchema,
  votePayloadSchema,
  type PresentPerson,
} from '../../shared/roundtables/schemas.js';
import type { Logger } from '../logger.js';
import type { Role } from '../policy/permissions.js';
import type { AccessChange } from '../realtime/bus.js';
import type { Handle, IoServer, IoSocket } from '../realtime/io.js';
import type { LiveSessions, SessionId } from './live.js';
import {
  arrive,
  ask,
  closePoll,
  createPoll,
  depart,
  facilitate,
  moderate,
  pollOf,
  setHand,
  upvote,
  upvotedBy,
  vote,
} from './liveState.js';
import type { PollResults } from './pollResults.js';
import type { QuestionTranslations } from './questionTranslations.js';
import { roundtableResourceIds, scopedRoundtable } from './scope.js';

/** The role shown beside a person's name: the strongest they hold on the roundtable. */
const ROLE_ORDER: Role[] = ['facilitator', 'admin', 'hub_staff', 'chair', 'member', 'observer', 'guest', 'committee'];
export const shownRole = (roles: ReadonlySet<Role>) => ROLE_ORDER.find((r) => roles.has(r)) ?? 'member';

/** A socket leaves a session: presence at once; the person's visit ends with their last socket there. */
export function leaveSession(live: LiveSessions, logger: Logger, socketId: string, id: SessionId): void {
  const left = live.leave(id, socketId);
  if (!left?.last) return;
  live
    .change(id, (record, now) => depart(record, left.userId, now))
    .catch((error: unknown) => logger.error({ err: error }, 'could not record a departure'));
}

/**
 * Someone's access changed: their sockets on this node leave the sessions the change concerns
 * and are told (`roundtable:access-changed`), so they join again only if still allowed.
 */
export async function onRoundtableAccessChanged(
  io: IoServer,
  live: LiveSessions,
  logger: Logger,
  change: AccessChange,
): Promise<void> {
  if (change.signedOut) return; // their sockets are disconnected, which ends their visits
  const concerned = change.resourceIds ? new Set(change.resourceIds) : null;
  for (const socket of await io.local.in(userChannel(change.userId)).fetchSockets()) {
    for (const [channel, ids] of Object.entries(socket.data.resources ?? {})) {
      if (!channel.startsWith(ROUNDTABLE_PREFIX) || (concerned && !ids.some((id) => concerned.has(id)))) continue;
      socket.leave(channel);
      delete socket.data.resources?.[channel];
      const [, roundtableId = '', session = '0'] = channel.split(':');
      leaveSession(live, logger, socket.id, { roundtableId, session: Number(session) });
      socket.emit('roundtable:access-changed', { roundtableId, session: Number(session) });
    }
  }
}

const ROUNDTABLE_PREFIX = 'roundtable:';

/** The live events of a roundtable session: join and leave, hands, the facilitator's moves, polls and votes. */
export function registerRoundtableHandlers(
  socket: IoSocket,
  deps: {
    handle: Handle;
    live: LiveSessions;
    polls: PollResults;
    placeOf: (userId: string) => Promise<{ city: string; language: string }>;
    questions: QuestionTranslations;
    logger: Logger;
  },
): void {
  const { handle, live, polls, placeOf, questions, logger } = deps;
  const leave = (id: SessionId) => leaveSession(live, logger, socket.id, id);

  handle(socket, 'roundtable:join', sessionPayloadSchema, async (id, ctx) => {
    const roundtable = scopedRoundtable(ctx);
    const channel = roundtableChannel(id.roundtableId, id.session);
    await socket.join(channel);
    (socket.data.resources ??= {})[channel] = roundtableResourceIds(roundtable);
    const person: PresentPerson = {
      userId: ctx.actor.id,
      name: ctx.actor.name,
      role: shownRole(ctx.roles),
      ...(await placeOf(ctx.actor.id)),
    };
    await live.join(id, socket.id, person);
    // the visit is recorded, and the person learns which questions they upvoted (theirs alone)
    const sessionLanguage = roundtable.sessions[id.session]?.language ?? person.language;
    const upvoted = await live.change(id, (record, now) => {
      arrive(record, person, sessionLanguage, now);
      return upvotedBy(record, ctx.actor.id);
    });
    return { ...(await live.state(id)), upvoted };
  });

  handle(socket, 'roundtable:leave', sessionPayloadSchema, async (id) => {
    await socket.leave(roundtableChannel(id.roundtableId, id.session));
    delete socket.data.resources?.[roundtableChannel(id.roundtableId, id.session)];
    leave(id);
    return null;
  });

  handle(socket, 'roundtable:hand', handPayloadSchema, async ({ roundtableId, session, raised }, ctx) => {
    const person = { userId: ctx.actor.id, name: ctx.actor.name };
    await live.change({ roundtableId, session }, (record, now) => setHand(record, person, raised, now));
    return null;
  });

  handle(socket, 'roundtable:facilitate', facilitatePayloadSchema, async (op, ctx) => {
    const roundtable = scopedRoundtable(ctx);
    const id = { roundtableId: op.roundtableId, session: op.session };
    const closed = await live.change(id, (record, now) => {
      const open = record.polls.filter((p) => p.status === 'open').map((p) => p.id);
      facilitate(record, op, roundtable.agenda.length, now);
      return op.op === 'close' ? open : [];
    });
    // polls the close ended: their dot votes land on the plan too
    for (const pollId of closed) await polls.writeBack(roundtable, id, pollId);
    return null;
  });

  handle(socket, 'roundtable:poll', pollPayloadSchema, async (op, ctx) => {
    const roundtable = scopedRoundtable(ctx);
    const id = { roundtableId: op.roundtableId, session: op.session };
    switch (op.op) {
      case 'create':
        return {
          pollId: await live.change(id, (record, now) =>
            createPoll(
              record,
              {
                kind: op.kind,
                question: op.question,
                labels: op.options.map((label, i) => ({ id: `o${i + 1}`, label })),
                dots: 0,
              },
              now,
            ),
          ),
        };
      case 'create-dots': {
        const labels = await polls.priorityOptions(roundtable);
        return {
          pollId: await live.change(id, (record, now) =>
            createPoll(record, { kind: 'dots', question: op.question, labels, dots: op.dots }, now),
          ),
        };
      }
      case 'reveal':
        await live.change(id, (record) => void (pollOf(record, op.pollId).showResults = op.show));
        return null;
      case 'close':
        await live.change(id, (record, now) => closePoll(pollOf(record, op.pollId), now));
        await polls.writeBack(roundtable, id, op.pollId);
        return null;
    }
  });

  handle(socket, 'roundtable:ask', askPayloadSchema, async ({ roundtableId, session, text, language }, ctx) => {
    // a question without a language (an older client) is taken to be in the session's language
    const written = language ?? scopedRoundtable(ctx).sessions[session]?.language ?? '';
    return {
      questionId: await live.change({ roundtableId, session }, (record, now) =>
        ask(record, { id: ctx.actor.id, name: ctx.actor.name }, { text, language: written }, now),
      ),
    };
  });

  handle(socket, 'roundtable:translate-question', translateQuestionPayloadSchema, async (p) =>
    questions.translate({ roundtableId: p.roundtableId, session: p.session }, p.questionId, p.language),
  );

  handle(socket, 'roundtable:upvote', upvotePayloadSchema, async ({ roundtableId, session, questionId }, ctx) => {
    await live.change({ roundtableId, session }, (record) => upvote(record, ctx.actor.id, questionId));
    return null;
  });

  handle(socket, 'roundtable:question', moderateQuestionPayloadSchema, async (p) => {
    await live.change({ roundtableId: p.roundtableId, session: p.session }, (record) =>
      moderate(record, p.questionId, p.status),
    );
    return null;
  });

  handle(socket, 'roundtable:vote', votePayloadSchema, async (payload, ctx) => {
    const id = { roundtableId: payload.roundtableId, session: payload.session };
    await live.change(id, (record) => vote(record, ctx.actor.id, payload));
    return null;
  });

  socket.on('disconnecting', () => {
    for (const channel of socket.rooms) {
      if (!channel.startsWith(ROUNDTABLE_PREFIX)) continue;
      const [, roundtableId, session] = channel.split(':');
      if (roundtableId) leave({ roundtableId, session: Number(session) });
    }
  });
}
