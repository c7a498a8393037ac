import { Types } from 'mongoose';
import type { Models } from '../db/models.js';
import { forbidden, notFound } from '../errors.js';
import type { MembershipRole } from '../network/network.model.js';
import { allows, VISIBILITY, type Action, type Role, type ScopeKind } from './permissions.js';

/** Who is asking. Built from the session on every channel (REST, Socket.IO, Yjs). */
export interface Actor {
  id: string;
  name: string;
  isAdmin: boolean;
}

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

export interface GroupRecord {
  _id: Types.ObjectId;
  name: string;
  kind: string;
  hubId?: Types.ObjectId | null;
  cap?: number | null;
}

/** A resource an action is taken on, already loaded. */
export type Scope =
  | { kind: 'room'; room: RoomRecord }
  | { kind: 'group'; group: GroupRecord }
  | { kind: 'hub'; hubId: string | null }
  | { kind: 'platform' };

/** What an actor is across the network: loaded once per check (three small queries). */
export interface Standing {
  isAdmin: boolean;
  groupRoles: Map<string, MembershipRole>;
  staffHubs: Set<string>;
  /** Rooms the actor was invited into as a roundtable guest. */
  guestRooms: Set<string>;
}

/**
 * The one authorization policy. REST routes, Socket.IO handlers and the Yjs
 * endpoint all ask `authorize`; nothing else decides who may do what.
 */
export class Policy {
  constructor(private readonly models: Models) {}

  /** The actor's memberships, the regions whose hub team they staff (as chair or member), and their guest rooms. */
  async standing(actor: Actor): Promise<Standing> {
    const [memberships, guestOf] = await Promise.all([
      this.models.Membership.find({ userId: actor.id }).select('groupId role').lean(),
      this.models.RoomGuest.find({ userId: actor.id }).select('roomId').lean(),
    ]);
    const groupRoles = new Map(memberships.map((m) => [String(m.groupId), m.role as MembershipRole]));
    const staffGroupIds = memberships.filter((m) => m.role !== 'observer').map((m) => m.groupId);
    const hubTeams = staffGroupIds.length
      ? await this.models.Group.find({ _id: { $in: staffGroupIds }, kind: 'hub_team', hubId: { $ne: null } })
          .select('hubId')
          .lean()
      : [];
    return {
      isAdmin: actor.isAdmin,
      groupRoles,
      staffHubs: new Set(hubTeams.map((g) => String(g.hubId))),
      guestRooms: new Set(guestOf.map((g) => String(g.roomId))),
    };
  }

  /** Every role the actor holds on a resource. */
  async rolesOn(actor: Actor, scope: Scope, standing?: Standing): Promise<Set<Role>> {
    const s = standing ?? (await this.standing(actor));
    const roles = new Set<Role>();
    if (s.isAdmin) roles.add('admin');
    const hubId =
      scope.kind === 'room'
        ? scope.room.hubId
        : scope.kind === 'group'
          ? scope.group.hubId
          : scope.kind === 'hub'
            ? scope.hubId
            : null;
    if (hubId && s.staffHubs.has(String(hubId))) roles.add('hub_staff');
    const groupId = scope.kind === 'room' ? scope.room.groupId : scope.kind === 'group' ? scope.group._id : null;
    const groupRole = groupId ? s.groupRoles.get(String(groupId)) : undefined;
    if (groupRole) roles.add(groupRole);
    if (scope.kind === 'room' && s.guestRooms.has(String(scope.room._id))) {
      roles.add('guest');
    }
    return roles;
  }

  /**
   * Allows or throws. A resource the actor may not see at all answers 404, so
   * guessing ids reveals nothing; a visible one they may not act on answers 403.
   */
  async authorize(actor: Actor, action: Action, scope: Scope, standing?: Standing): Promise<Set<Role>> {
    const roles = await this.rolesOn(actor, scope, standing);
    if (allows(roles, action)) return roles;
    const visibility = VISIBILITY[scope.kind];
    if (visibility && !allows(roles, visibility)) throw notFound(scope.kind === 'room' ? 'Room' : 'Group');
    throw forbidden();
  }

  can(roles: ReadonlySet<Role>, action: Action): boolean {
    return allows(roles, action);
  }

  async loadRoom(roomId: string): Promise<RoomRecord> {
    const room = Types.ObjectId.isValid(roomId) ? await this.models.Room.findById(roomId).lean<RoomRecord>() : null;
    if (!room) throw notFound('Room');
    return room;
  }

  async loadGroup(groupId: string): Promise<GroupRecord> {
    const group = Types.ObjectId.isValid(groupId)
      ? await this.models.Group.findById(groupId).lean<GroupRecord>()
      : null;
    if (!group) throw notFound('Group');
    return group;
  }

  /** Loads a room and authorizes an action on it in one step. */
  async requireRoom(actor: Actor, roomId: string, action: Action): Promise<{ room: RoomRecord; roles: Set<Role> }> {
    const room = await this.loadRoom(roomId);
    return { room, roles: await this.authorize(actor, action, { kind: 'room', room }) };
  }

  /** Same as `requireRoom`, addressed by the room's Yjs document name. */
  async requireDocument(actor: Actor, documentName: string, action: Action) {
    const room = await this.models.Room.findOne({ documentName }).lean<RoomRecord>();
    if (!room) throw notFound('Document');
    return { room, roles: await this.authorize(actor, action, { kind: 'room', room }) };
  }

  /** Filter for the rooms an actor may list: their groups' rooms, their regions' rooms, rooms they are a guest in. */
  visibleRoomFilter(standing: Standing): Record<string, unknown> {
    if (standing.isAdmin) return {};
    return {
      $or: [
        { groupId: { $in: [...standing.groupRoles.keys()].map((id) => new Types.ObjectId(id)) } },
        { hubId: { $in: [...standing.staffHubs].map((id) => new Types.ObjectId(id)) } },
        { _id: { $in: [...standing.guestRooms].map((id) => new Types.ObjectId(id)) } },
      ],
    };
  }

  /** Filter for the groups an actor may list. */
  visibleGroupFilter(standing: Standing): Record<string, unknown> {
    if (standing.isAdmin) return {};
    return {
      $or: [
        { _id: { $in: [...standing.groupRoles.keys()].map((id) => new Types.ObjectId(id)) } },
        { hubId: { $in: [...standing.staffHubs].map((id) => new Types.ObjectId(id)) } },
      ],
    };
  }
}

export type { Action, Role, ScopeKind };
