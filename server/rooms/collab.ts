import type { DocumentKind } from '../collab/kinds.js';
import { batchedLookup } from '../db/batch.js';
import { notFound } from '../errors.js';
import type { Policy } from '../policy/policy.js';
import { COLLAB_RULES } from '../policy/rules.js';
import type { RoomModels, RoomRecord } from './room.model.js';
import { roomResourceIds, roomScope } from './scope.js';

/** A roundtable room's co-edited document (`room-<uuid>`): its group edits it, observers and guests read. */
export function roomDocumentKind(policy: Policy, models: RoomModels): DocumentKind {
  const rule = COLLAB_RULES.room;
  // read fresh on every upgrade (never cached), but a burst of upgrades shares one query
  const roomOf = batchedLookup(async (names: readonly string[]) => {
    const rooms = await models.Room.find({ documentName: { $in: names } }).lean<RoomRecord[]>();
    return new Map(rooms.map((room) => [room.documentName, room]));
  });
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
