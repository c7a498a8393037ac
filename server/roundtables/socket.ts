import { roundtableChannel } from '../../shared/events.js';
import {
  askPayloadSchema,
  moderateQuestionPayloadSchema,
  upvotePayloadSchema,
  facilitatePayloadSchema,
  handPayloadSchema,
  pollPayloadSchema,
  sessionPayloadSchema,
  votePayloadSchema,
  type PresentPerson,
} from '../../shared/roundtables/schemas.js';
import type { Logger } from '../logger.js';
import type { Role } from '../policy/permissions.js';
import type { Handle, IoSocket } from '../realtime/io.js';
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
  vote,
} from './liveState.js';
import type { PollResults } from './pollResults.js';
import { roundtableResourceIds, scopedRoundtable } from './scope.js';

/** The role shown beside a person's name: the strongest they hold on the roundtable. */
const ROLE_ORDER: Role[] = ['facilitator', 'admin', 'hub_staff', 'chair', 'member', 'observer', 'guest', 'committee'];
export const shownRole = (roles: ReadonlySet<Role>) => ROLE_ORDER.find((r) => roles.has(r)) ?? 'member';

/** The live events of a roundtable session: join and leave, hands, the facilitator's moves, polls and votes. */
export function registerRoundtableHandlers(
  socket: IoSocket,
  deps: {
    handle: Handle;
    live: LiveSessions;
    polls: PollResults;
    cityOf: (userId: string) => Promise<string>;
    logger: Logger;
  },
): void {
  const { handle, live, polls, cityOf, logger } = deps;
  const joined = new Set<string>();
  const key = (id: SessionId) => `${id.roundtableId}:${id.session}`;

  const leave = (id: SessionId) => {
    joined.delete(key(id));
    const left = live.leave(id, socket.id);
    if (!left) return;
    if (left.last)
      live
        .change(id, (record, now) => depart(record, left.userId, now))
        .catch((error: unknown) => logger.error({ err: error }, 'could not record a departure'));
  };

  handle(socket, 'roundtable:join', sessionPayloadSchema, async (id, ctx) => {
    const roundtable = scopedRoundtable(ctx);
    const channel = roundtableChannel(id.roundtableId, id.session);
    await socket.join(channel);
    (socket.data.resources ??= {})[channel] = roundtableResourceIds(roundtable);
    const person: PresentPerson = {
      userId: ctx.actor.id,
      name: ctx.actor.name,
      role: shownRole(ctx.roles),
      city: await cityOf(ctx.actor.id),
    };
    joined.add(key(id));
    await live.join(id, socket.id, person);
    await live.change(id, (record, now) => arrive(record, person, now));
    return live.state(id);
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

  handle(socket, 'roundtable:ask', askPayloadSchema, async ({ roundtableId, session, text }, ctx) => ({
    questionId: await live.change({ roundtableId, session }, (record, now) =>
      ask(record, { id: ctx.actor.id, name: ctx.actor.name }, text, now),
    ),
  }));

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
      if (!channel.startsWith('roundtable:')) continue;
      const [, roundtableId, session] = channel.split(':');
      if (roundtableId && joined.has(`${roundtableId}:${session}`)) leave({ roundtableId, session: Number(session) });
    }
  });
}
