import type { RoomView } from '../../shared/schemas/rooms.js';
import type { Models } from '../db/models.js';
import type { Actor, Policy, RoomRecord, RoomRole } from '../policy/policy.js';

export class RoomsService {
  constructor(
    private readonly models: Models,
    private readonly policy: Policy,
  ) {}

  async list(actor: Actor): Promise<RoomView[]> {
    const roles = await this.policy.groupRoles(actor);
    const rooms = await this.models.Room.find(this.policy.visibleRoomFilter(actor, roles))
      .sort({ updatedAt: -1 })
      .limit(500)
      .lean<RoomRecord[]>();
    return this.toViews(rooms, (room) => this.policy.roleFrom(actor, roles, room));
  }

  async get(actor: Actor, roomId: string): Promise<RoomView> {
    const { room, role } = await this.policy.requireRoom(actor, roomId, 'read');
    const [view] = await this.toViews([room], () => role);
    return view!;
  }

  /** Joins group and hub names in two queries, whatever the number of rooms. */
  private async toViews(rooms: RoomRecord[], roleOf: (room: RoomRecord) => RoomRole | null): Promise<RoomView[]> {
    const [groups, hubs] = await Promise.all([
      this.models.Group.find({ _id: { $in: rooms.map((r) => r.groupId) } }).lean(),
      this.models.Hub.find({ _id: { $in: rooms.map((r) => r.hubId).filter(Boolean) } }).lean(),
    ]);
    const groupById = new Map(groups.map((g) => [String(g._id), g]));
    const hubById = new Map(hubs.map((h) => [String(h._id), h]));
    return rooms.map((room) => {
      const group = groupById.get(String(room.groupId));
      const hub = room.hubId ? hubById.get(String(room.hubId)) : undefined;
      return {
        id: String(room._id),
        title: room.title,
        documentName: room.documentName,
        languages: room.languages,
        group: group ? { id: String(group._id), name: group.name, kind: group.kind } : null,
        hub: hub ? { id: String(hub._id), name: hub.name } : null,
        canEdit: this.policy.can(roleOf(room), 'edit'),
        canComment: this.policy.can(roleOf(room), 'comment'),
        createdAt: room.createdAt.toISOString(),
        updatedAt: room.updatedAt.toISOString(),
      };
    });
  }
}
