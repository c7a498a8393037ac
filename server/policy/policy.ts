import type { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import { forbidden, notFound } from '../errors.js';
import type { MembershipRole } from '../network/network.model.js';

/** Who is asking. Built from the session on every channel (REST, Socket.IO, Yjs). */
export interface Actor {
  id: string;
  name: string;
  isAdmin: boolean;
}

export type RoomAction = 'read' | 'comment' | 'edit';
export type RoomRole = 'admin' | MembershipRole;

/**
 * The permission table for rooms (see docs/permissions.md). Every REST route,
 * socket event and Yjs connection asks this module, and nothing else decides.
 */
export const ROOM_PERMISSIONS: Record<RoomRole, readonly RoomAction[]> = {
  admin: ['read', 'comment', 'edit'],
  chair: ['read', 'comment', 'edit'],
  member: ['read', 'comment', 'edit'],
  observer: ['read', 'comment'],
};

export interface RoomRecord {
  _id: Types.ObjectId;
  title: string;
  groupId: Types.ObjectId;
  hubId?: Types.ObjectId | null;
  languages: string[];
  documentName: string;
  createdAt: Date;
  updatedAt: Date;
}

export class Policy {
  constructor(private readonly models: Models) {}

  /** The actor's role in a room, or null when the room is not theirs to see. */
  async roomRole(actor: Actor, room: Pick<RoomRecord, 'groupId'>): Promise<RoomRole | null> {
    if (actor.isAdmin) return 'admin';
    const membership = await this.models.Membership.findOne({ groupId: room.groupId, userId: actor.id })
      .select('role')
      .lean();
    return membership?.role ?? null;
  }

  can(role: RoomRole | null, action: RoomAction): boolean {
    return role !== null && ROOM_PERMISSIONS[role].includes(action);
  }

  /**
   * Loads a room the actor may act on. A room they cannot see is reported as not
   * found, so guessing ids reveals nothing; a visible room they may not change is forbidden.
   */
  async requireRoom(actor: Actor, roomId: string, action: RoomAction): Promise<{ room: RoomRecord; role: RoomRole }> {
    const room = await this.models.Room.findById(roomId).lean<RoomRecord>();
    const role = room ? await this.roomRole(actor, room) : null;
    if (!room || !role) throw notFound('Room');
    if (!this.can(role, action)) throw forbidden();
    return { room, role };
  }

  /** Same as `requireRoom`, addressed by the room's Yjs document name. */
  async requireDocument(actor: Actor, documentName: string, action: RoomAction) {
    const room = await this.models.Room.findOne({ documentName }).select('_id').lean();
    if (!room) throw notFound('Document');
    return this.requireRoom(actor, String(room._id), action);
  }

  /** The actor's role in every group they belong to, keyed by group id. */
  async groupRoles(actor: Actor): Promise<Map<string, MembershipRole>> {
    const memberships = await this.models.Membership.find({ userId: actor.id }).select('groupId role').lean();
    return new Map(memberships.map((m) => [String(m.groupId), m.role]));
  }

  /** Role lookup for many rooms at once, from `groupRoles`. */
  roleFrom(actor: Actor, roles: Map<string, MembershipRole>, room: Pick<RoomRecord, 'groupId'>): RoomRole | null {
    return actor.isAdmin ? 'admin' : (roles.get(String(room.groupId)) ?? null);
  }

  /** Filter for the rooms an actor may list. */
  visibleRoomFilter(actor: Actor, roles: Map<string, MembershipRole>): Record<string, unknown> {
    if (actor.isAdmin) return {};
    return { groupId: { $in: [...roles.keys()] } };
  }
}
