import { Types } from 'mongoose';
import { z } from 'zod';
import { objectIdSchema } from '../../shared/schemas/common.js';
import { batchedLookup } from '../db/batch.js';
import { notFound } from '../errors.js';
import { scopedRecord } from '../http/route.js';
import { parse } from '../http/validate.js';
import type { Policy, Scope, Standing } from '../policy/policy.js';
import type { RoomModels, RoomRecord } from './room.model.js';

const roomPayload = z.object({ roomId: objectIdSchema });

/** A room as the policy sees it: its group's members, its region's hub staff, its invited guests. */
export function roomScope(room: RoomRecord): Scope<RoomRecord> {
  return {
    kind: 'room',
    id: String(room._id),
    groupId: String(room.groupId),
    hubId: room.hubId ? String(room.hubId) : null,
    record: room,
  };
}

/** The ids whose access changes concern a live connection to this room. */
export function roomResourceIds(room: RoomRecord): string[] {
  return [String(room._id), String(room.groupId), ...(room.hubId ? [String(room.hubId)] : [])];
}

/** The room a `room:param` route or `room:payload` event was authorized on. */
export const scopedRoom = (ctx: { scope: Scope | null }) => scopedRecord<RoomRecord>(ctx, 'room');

export async function loadRoom(models: RoomModels, roomId: string): Promise<RoomRecord> {
  const room = Types.ObjectId.isValid(roomId) ? await models.Room.findById(roomId).lean<RoomRecord>() : null;
  if (!room) throw notFound('Room');
  return room;
}

/** Registers how the policy finds rooms, and the rooms a person was invited into as a guest. */
export function registerRoomPolicy(policy: Policy, models: RoomModels): void {
  const guestOf = batchedLookup(async (userIds: readonly string[]) => {
    const guests = await models.RoomGuest.find({ userId: { $in: userIds } })
      .select('userId roomId')
      .lean();
    const rooms = new Map(userIds.map((id) => [id, new Set<string>()]));
    for (const g of guests) rooms.get(String(g.userId))?.add(String(g.roomId));
    return rooms;
  });
  policy.registerStanding(async (actor) => ({ guestOf: (await guestOf(actor.id)) ?? new Set() }));
  policy.registerScope('room:param', async ({ params }) =>
    roomScope(await loadRoom(models, parse(objectIdSchema, params.id))),
  );
  policy.registerScope('room:payload', async ({ payload }) =>
    roomScope(await loadRoom(models, parse(roomPayload, payload).roomId)),
  );
}

/** Filter for the rooms an actor may list: their groups' rooms, their regions' rooms, rooms they are a guest in. */
export function visibleRoomFilter(standing: Standing): Record<string, unknown> {
  if (standing.isAdmin) return {};
  return {
    $or: [
      { groupId: { $in: [...standing.groupRoles.keys()].map((id) => new Types.ObjectId(id)) } },
      { hubId: { $in: [...standing.staffHubs].map((id) => new Types.ObjectId(id)) } },
      { _id: { $in: [...standing.guestOf].map((id) => new Types.ObjectId(id)) } },
    ],
  };
}
