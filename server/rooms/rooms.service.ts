import { randomUUID } from 'node:crypto';
import type { RoomView } from '../../shared/schemas/rooms.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { NetworkModels } from '../network/network.model.js';
import type { RoomModels, RoomRecord } from './room.model.js';

type Models = RoomModels & NetworkModels;
import type { Role } from '../policy/permissions.js';
import type { GroupRecord } from '../network/network.model.js';
import type { Actor, Policy } from '../policy/policy.js';
import { roomScope, visibleRoomFilter } from './scope.js';

export class RoomsService {
  constructor(
    private readonly models: Models,
    private readonly policy: Policy,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: Actor): Promise<RoomView[]> {
    const standing = await this.policy.standing(actor);
    const rooms = await this.models.Room.find(visibleRoomFilter(standing))
      .sort({ updatedAt: -1 })
      .limit(500)
      .lean<RoomRecord[]>();
    const roles = await Promise.all(rooms.map((room) => this.policy.rolesOn(actor, roomScope(room), standing)));
    return this.toViews(rooms, (_room, i) => roles[i]!);
  }

  /** A group's rooms, oldest first, for its page. */
  async titlesFor(groupId: string): Promise<{ id: string; title: string }[]> {
    const rooms = await this.models.Room.find({ groupId }).sort({ createdAt: 1 }).select('title').lean();
    return rooms.map((r) => ({ id: String(r._id), title: r.title }));
  }

  async view(room: RoomRecord, roles: Set<Role>): Promise<RoomView> {
    const [view] = await this.toViews([room], () => roles);
    return view!;
  }

  async create(actor: Actor, group: GroupRecord, body: { title: string; languages: string[] }): Promise<RoomRecord> {
    const room = await this.models.Room.create({
      title: body.title,
      languages: body.languages,
      groupId: group._id,
      hubId: group.hubId ?? null,
      documentName: `room-${randomUUID()}`,
    });
    await this.audit.record({
      actor,
      action: 'room.created',
      groupId: group._id,
      roomId: room._id,
      details: { title: body.title },
    });
    return room.toObject() as RoomRecord;
  }

  /** Joins group and hub names in two queries, whatever the number of rooms. */
  private async toViews(
    rooms: RoomRecord[],
    rolesOf: (room: RoomRecord, index: number) => Set<Role>,
  ): Promise<RoomView[]> {
    const [groups, hubs] = await Promise.all([
      this.models.Group.find({ _id: { $in: rooms.map((r) => r.groupId) } }).lean(),
      this.models.Hub.find({ _id: { $in: rooms.map((r) => r.hubId).filter(Boolean) } }).lean(),
    ]);
    const groupById = new Map(groups.map((g) => [String(g._id), g]));
    const hubById = new Map(hubs.map((h) => [String(h._id), h]));
    return rooms.map((room, i) => {
      const group = groupById.get(String(room.groupId));
      const hub = room.hubId ? hubById.get(String(room.hubId)) : undefined;
      const roles = rolesOf(room, i);
      return {
        id: String(room._id),
        title: room.title,
        documentName: room.documentName,
        languages: room.languages,
        group: group ? { id: String(group._id), name: group.name, kind: group.kind } : null,
        hub: hub ? { id: String(hub._id), name: hub.name } : null,
        abilities: this.policy.abilities(roles, 'room'),
        createdAt: room.createdAt.toISOString(),
        updatedAt: room.updatedAt.toISOString(),
      };
    });
  }
}
