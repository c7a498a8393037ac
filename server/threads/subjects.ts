import { Types } from 'mongoose';
import { z } from 'zod';
import { objectIdSchema } from '../../shared/schemas/common.js';
import { subjectKey, threadSubjectSchema, type ThreadSubject } from '../../shared/schemas/threads.js';
import { notFound } from '../errors.js';
import { scopedRecord } from '../http/route.js';
import { parse } from '../http/validate.js';
import type { NetworkModels } from '../network/network.model.js';
import type { Policy, Scope } from '../policy/policy.js';
import type { RoomModels } from '../rooms/room.model.js';
import { loadRoom } from '../rooms/scope.js';
import type { ThreadModels, ThreadRecord } from './message.model.js';

/** Where a subject sits in the network: whose roles apply to its thread. */
export interface SubjectPlace {
  groupId: string;
  hubId: string | null;
  /** The id guests are invited to (a room's), or the subject's own id. */
  id: string;
  /** The steering committee reviews it (a plan's priorities). */
  committeeReviews: boolean;
  /** Ids whose access changes concern a live connection to the thread. */
  resourceIds: string[];
  /** What people call it: a room's title, a group's name, a priority's title (its plan's in `context`). */
  titles: SubjectTitles;
}

export interface SubjectTitles {
  subject: string;
  context: string | null;
}

/**
 * Finds a plan (and, when `priorityId` is given and `requireExisting` not false, checks the
 * priority exists in it). The plans
 * domain, registered after this one, hands it in; see `server/plans/threadSubject.ts`.
 */
export type PlanPlaceResolver = (
  planId: string,
  priorityId: string | null,
  requireExisting?: boolean,
) => Promise<SubjectPlace>;

/** What a `thread:payload` rule authorized: the subject, its place, and the thread if it exists yet. */
export interface ThreadScopeRecord {
  subject: ThreadSubject;
  key: string;
  place: SubjectPlace;
  thread: ThreadRecord | null;
  /** Set when the payload named a whole plan (`thread:watch-plan`). */
  planId: string | null;
}

export const scopedThread = (ctx: { scope: Scope | null }) => scopedRecord<ThreadScopeRecord>(ctx, 'thread');

const payloadRef = z.object({
  subject: threadSubjectSchema.optional(),
  threadId: objectIdSchema.optional(),
  roomId: objectIdSchema.optional(),
  planId: objectIdSchema.optional(),
});

/** Rebuilds the subject a stored thread is about. */
export function subjectOf(thread: ThreadRecord): ThreadSubject {
  if (thread.kind === 'priority') {
    return { kind: 'priority', planId: String(thread.planId), priorityId: thread.priorityId! };
  }
  if (thread.kind === 'room') return { kind: 'room', roomId: String(thread.roomId) };
  return { kind: 'group', groupId: String(thread.groupId) };
}

export class ThreadSubjects {
  private planPlace: PlanPlaceResolver | null = null;

  constructor(
    private readonly models: ThreadModels & RoomModels & Pick<NetworkModels, 'Group'>,
    private readonly policy: Policy,
  ) {}

  /** The plans domain says how a priority (and a plan) is found. */
  registerPlanResolver(resolver: PlanPlaceResolver): void {
    this.planPlace = resolver;
  }

  /** Where a subject sits; throws not_found ("Thread") for one that does not exist. */
  async place(subject: ThreadSubject, requireExisting = true): Promise<SubjectPlace> {
    switch (subject.kind) {
      case 'room': {
        const room = await loadRoom(this.models, subject.roomId).catch(() => {
          throw notFound('Thread');
        });
        const ids = [String(room._id), String(room.groupId), ...(room.hubId ? [String(room.hubId)] : [])];
        return {
          groupId: String(room.groupId),
          hubId: room.hubId ? String(room.hubId) : null,
          id: String(room._id),
          committeeReviews: false,
          resourceIds: ids,
          titles: { subject: room.title, context: null },
        };
      }
      case 'group': {
        const group = await this.models.Group.findById(subject.groupId).lean();
        if (!group) throw notFound('Thread');
        const hubId = group.hubId ? String(group.hubId) : null;
        return {
          groupId: String(group._id),
          hubId,
          id: String(group._id),
          committeeReviews: false,
          resourceIds: [String(group._id), ...(hubId ? [hubId] : [])],
          titles: { subject: group.name, context: null },
        };
      }
      case 'priority': {
        if (!this.planPlace) throw notFound('Thread');
        return this.planPlace(subject.planId, subject.priorityId, requireExisting);
      }
    }
  }

  scopeOf(record: ThreadScopeRecord): Scope<ThreadScopeRecord> {
    const { place } = record;
    return {
      kind: 'thread',
      id: place.id,
      groupId: place.groupId,
      hubId: place.hubId,
      record,
      committeeReviews: place.committeeReviews,
    };
  }

  async load(payload: unknown): Promise<Scope<ThreadScopeRecord>> {
    const ref = parse(payloadRef, payload);
    if (ref.planId && !ref.subject && !ref.threadId && !ref.roomId) {
      if (!this.planPlace) throw notFound('Thread');
      const place = await this.planPlace(ref.planId, null);
      const subject: ThreadSubject = { kind: 'priority', planId: ref.planId, priorityId: '-' };
      return this.scopeOf({ subject, key: `plan:${ref.planId}`, place, thread: null, planId: ref.planId });
    }
    let subject: ThreadSubject;
    let thread: ThreadRecord | null = null;
    if (ref.subject) subject = ref.subject;
    else if (ref.threadId) {
      thread = await this.models.Thread.findById(new Types.ObjectId(ref.threadId)).lean<ThreadRecord>();
      if (!thread) throw notFound('Thread');
      subject = subjectOf(thread);
    } else if (ref.roomId) subject = { kind: 'room', roomId: ref.roomId };
    else throw notFound('Thread');
    const key = subjectKey(subject);
    // a thread already started stays reachable when its priority is later removed from the plan
    thread ??= await this.models.Thread.findOne({ key }).lean<ThreadRecord>();
    const place = await this.place(subject, !thread);
    return this.scopeOf({ subject, key, place, thread, planId: null });
  }
}
