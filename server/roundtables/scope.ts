import { Types } from 'mongoose';
import { objectIdSchema } from '../../shared/schemas/common.js';
import { sessionPayloadSchema } from '../../shared/roundtables/schemas.js';
import { notFound } from '../errors.js';
import { scopedRecord } from '../http/route.js';
import { parse } from '../http/validate.js';
import type { Role } from '../policy/permissions.js';
import type { Policy, Scope, Standing } from '../policy/policy.js';
import type { RoundtableModels, RoundtableRecord } from './roundtable.model.js';

/** A roundtable as the policy sees it: its group's members, its region's staff, and its named facilitators. */
export function roundtableScope(roundtable: RoundtableRecord): Scope<RoundtableRecord> {
  return {
    kind: 'roundtable',
    id: String(roundtable._id),
    groupId: String(roundtable.groupId),
    hubId: roundtable.hubId ? String(roundtable.hubId) : null,
    record: roundtable,
    personRoles: new Map<string, Role>(roundtable.facilitators.map((id) => [String(id), 'facilitator'])),
    // a guest invited into one session's room (the existing room invitations) takes part in the roundtable
    guestsOf: roundtable.sessions.map((s) => String(s.roomId)),
  };
}

/** The ids whose access changes concern a live connection to this roundtable. */
export function roundtableResourceIds(roundtable: RoundtableRecord): string[] {
  return [String(roundtable._id), String(roundtable.groupId), ...(roundtable.hubId ? [String(roundtable.hubId)] : [])];
}

export const scopedRoundtable = (ctx: { scope: Scope | null }) => scopedRecord<RoundtableRecord>(ctx, 'roundtable');

export async function loadRoundtable(models: RoundtableModels, id: string): Promise<RoundtableRecord> {
  const roundtable = Types.ObjectId.isValid(id) ? await models.Roundtable.findById(id).lean<RoundtableRecord>() : null;
  if (!roundtable) throw notFound('Roundtable');
  return roundtable;
}

export function registerRoundtablePolicy(policy: Policy, models: RoundtableModels): void {
  policy.registerScope('roundtable:param', async ({ params }) =>
    roundtableScope(await loadRoundtable(models, parse(objectIdSchema, params.id))),
  );
  policy.registerScope('roundtable:payload', async ({ payload }) => {
    const { roundtableId, session } = parse(sessionPayloadSchema.passthrough(), payload);
    const roundtable = await loadRoundtable(models, roundtableId);
    if (session >= roundtable.sessions.length) throw notFound('Roundtable');
    return roundtableScope(roundtable);
  });
}

/** Roundtables a person may list: their groups', their regions', those they facilitate or are a guest in. */
export function visibleRoundtableFilter(standing: Standing, userId: string): Record<string, unknown> {
  if (standing.isAdmin) return {};
  return {
    $or: [
      { groupId: { $in: [...standing.groupRoles.keys()].map((id) => new Types.ObjectId(id)) } },
      { hubId: { $in: [...standing.staffHubs].map((id) => new Types.ObjectId(id)) } },
      { facilitators: new Types.ObjectId(userId) },
      { 'sessions.roomId': { $in: [...standing.guestOf].map((id) => new Types.ObjectId(id)) } },
    ],
  };
}
