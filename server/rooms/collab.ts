import { LRUCache } from 'lru-cache';
import type { DocumentKind } from '../collab/kinds.js';
import { batchedLookup } from '../db/batch.js';
import { notFound } from '../errors.js';
import type { Policy } from '../policy/policy.js';
import { COLLAB_RULES } from '../policy/rules.js';
import type { RoomModels, RoomRecord } from './room.model.js';
import { roomResourceIds, roomScope } from './scope.js';

/** How long a room read for an upgrade answers for the next ones. */
const ROOM_TTL_MS = 30_000;

/** A roundtable room's co-edited document (`room-<uuid>`): its group edits it, observers and guests read. */
export function roomDocumentKind(policy: Policy, models: RoomModels): DocumentKind {
  const rule = COLLAB_RULES.room;
  // a burst of upgrades shares one query
  const readRoom = batchedLookup(async (names: readonly string[]) => {
    const rooms = await models.Room.find({ documentName: { $in: names } }).lean<RoomRecord[]>();
    return new Map(rooms.map((room) => [room.documentName, room]));
  });
  // Nothing in the app changes where a room sits (its group, its region) or its document: a
  // room found is remembered for a while, so a roundtable's opening minute, when everyone joins
  // and upgrades trickle in a few at a time, does not read it once per arrival. The TTL bounds
  // an edit made around the app. A room not found is never remembered.
  const remembered = new LRUCache<string, RoomRecord>({ max: 1000, ttl: ROOM_TTL_MS });
  const roomOf = async (name: string) => {
    const known = remembered.get(name);
    if (known) return known;
    const room = await readRoom(name);
    if (room) remembered.set(name, room);
    return room;
  };
  return {
    prefix: 'room',
    async authorize(actor, documentName) {
      const room = await roomOf(documentName);
      if (!room) throw notFound('Document');
      const roles = await policy.authorize(actor, rule.connect, roomScope(room), 'remembered');
      return { canWrite: policy.can(roles, rule.write), resourceIds: roomResourceIds(room) };
    },
  };
}
