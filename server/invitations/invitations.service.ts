import { type Types } from 'mongoose';
import {
  INVITATION_TTL_DAYS,
  type AcceptedInvitation,
  type CreatedInvitation,
  type InvitationPreview,
  type InvitationView,
} from '../../shared/schemas/invitations.js';
import type { MembershipRole } from '../../shared/schemas/network.js';
import type { UiLanguage } from '../../shared/languages.js';
import type { AuditLog } from '../audit/audit.service.js';
import { colorFor } from '../auth/colors.js';
import { hashPassword } from '../auth/password.js';
import { checkPassword } from '../auth/passwordRules.js';
import type { AuthModels } from '../auth/models.js';
import type { NetworkModels } from '../network/network.model.js';
import type { RoomModels, RoomRecord } from '../rooms/room.model.js';
import type { InvitationModels } from './invitation.model.js';

type Models = InvitationModels & RoomModels & NetworkModels & AuthModels;
import { AppError, badRequest, conflict } from '../errors.js';
import { capOf, groupFull, type NetworkService } from '../network/network.service.js';
import type { Bus } from '../realtime/bus.js';
import type { GroupRecord } from '../network/network.model.js';
import { loadGroup } from '../network/scope.js';
import type { Actor } from '../policy/policy.js';
import { loadRoom } from '../rooms/scope.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { translatorFor } from '../platform/i18n.js';
import type { Mailer } from '../platform/mailer.js';

interface InvitationRecord {
  _id: Types.ObjectId;
  email: string;
  groupId: Types.ObjectId | null;
  roomId: Types.ObjectId | null;
  role: MembershipRole | 'guest';
  invitedBy: Types.ObjectId;
  invitedByName: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

const invalidInvitation = () =>
  new AppError(
    410,
    'invitation_invalid',
    'This invitation link is not valid any more. Ask the person who invited you for a new one.',
  );

/** Invitations into a group (with a role) or into one roundtable as a guest. */
export class InvitationsService {
  constructor(
    private readonly models: Models,
    private readonly network: NetworkService,
    private readonly audit: AuditLog,
    private readonly mailer: Mailer,
    private readonly bus: Bus,
  ) {}

  private status(i: InvitationRecord): InvitationView['status'] {
    if (i.revokedAt) return 'revoked';
    if (i.acceptedAt) return 'accepted';
    return i.expiresAt.getTime() <= Date.now() ? 'expired' : 'pending';
  }

  private async view(i: InvitationRecord): Promise<InvitationView> {
    const [group, room] = await Promise.all([
      i.groupId ? this.models.Group.findById(i.groupId).select('name').lean() : null,
      i.roomId ? this.models.Room.findById(i.roomId).select('title').lean() : null,
    ]);
    return {
      id: String(i._id),
      email: i.email,
      group: group ? { id: String(group._id), name: group.name } : null,
      room: room ? { id: String(room._id), title: room.title } : null,
      role: i.role,
      invitedBy: i.invitedByName,
      expiresAt: i.expiresAt.toISOString(),
      status: this.status(i),
      createdAt: i.createdAt.toISOString(),
    };
  }

  async createForGroup(
    actor: Actor,
    group: GroupRecord,
    email: string,
    role: MembershipRole,
    baseUrl: string,
    resend = false,
  ): Promise<CreatedInvitation> {
    const cap = capOf(group);
    if (cap !== null && (await this.models.Membership.countDocuments({ groupId: group._id })) >= cap)
      throw groupFull(cap);
    const existing = await this.models.User.findOne({ email }).select('_id').lean();
    if (existing && (await this.models.Membership.exists({ groupId: group._id, userId: existing._id }))) {
      throw conflict('This person is already a member of the group.').because('already_member');
    }
    const target = { email, groupId: group._id, roomId: null, role };
    await this.replacePending(actor, target, resend);
    return this.create(actor, target, { kind: 'group', place: group.name }, baseUrl);
  }

  async createForRoom(
    actor: Actor,
    room: RoomRecord,
    email: string,
    baseUrl: string,
    resend = false,
  ): Promise<CreatedInvitation> {
    const target = { email, groupId: null, roomId: room._id, role: 'guest' as const };
    await this.replacePending(actor, target, resend);
    return this.create(actor, target, { kind: 'room', place: room.title }, baseUrl);
  }

  /** Someone with an account reads their own language; a newcomer reads the inviter's. */
  private async recipientLanguage(email: string, actor: Actor): Promise<string | undefined> {
    const [recipient, inviter] = await Promise.all([
      this.models.User.findOne({ email }).select('language').lean(),
      this.models.User.findById(actor.id).select('language').lean(),
    ]);
    return recipient?.language ?? inviter?.language;
  }

  /**
   * One valid link per person and place: a second invitation is refused as `already_invited`
   * unless the inviter asks to resend, which revokes the pending one first.
   */
  private async replacePending(
    actor: Actor,
    target: { email: string; groupId: Types.ObjectId | null; roomId: Types.ObjectId | null },
    resend: boolean,
  ): Promise<void> {
    const filter = {
      email: target.email,
      groupId: target.groupId,
      roomId: target.roomId,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { $gt: new Date() },
    };
    const pending = await this.models.Invitation.find(filter).select('_id').lean();
    if (pending.length === 0) return;
    if (!resend) throw new AppError(409, 'already_invited', 'This person already has a pending invitation.');
    for (const { _id } of pending) await this.revoke(actor, String(_id));
  }

  private async create(
    actor: Actor,
    target: {
      email: string;
      groupId: Types.ObjectId | null;
      roomId: Types.ObjectId | null;
      role: MembershipRole | 'guest';
    },
    what: { kind: 'group' | 'room'; place: string },
    baseUrl: string,
  ): Promise<CreatedInvitation> {
    const { token, hash } = newToken();
    const doc = await this.models.Invitation.create({
      ...target,
      tokenHash: hash,
      invitedBy: actor.id,
      invitedByName: actor.name,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
    });
    const link = `${baseUrl}/invite/${token}`;
    const t = translatorFor(await this.recipientLanguage(target.email, actor));
    const values = { inviter: actor.name, ...what, days: INVITATION_TTL_DAYS, link };
    const emailed = await this.mailer.send({
      to: target.email,
      subject: t('email.invitation.subject', values),
      text: t('email.invitation.body', values),
    });
    await this.audit.record({
      actor,
      action: 'invitation.created',
      groupId: target.groupId ?? (target.roomId ? (await loadRoom(this.models, String(target.roomId))).groupId : null),
      roomId: target.roomId,
      details: { email: target.email, role: target.role, emailed },
    });
    return { invitation: await this.view(doc.toObject() as InvitationRecord), link, emailed };
  }

  async listForGroup(group: GroupRecord): Promise<InvitationView[]> {
    const rooms = await this.models.Room.find({ groupId: group._id }).select('_id').lean();
    const rows = await this.models.Invitation.find({
      $or: [{ groupId: group._id }, { roomId: { $in: rooms.map((r) => r._id) } }],
    })
      .sort({ createdAt: -1 })
      .limit(200)
      .lean<InvitationRecord[]>();
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async revoke(actor: Actor, invitationId: string): Promise<void> {
    const invitation = await this.models.Invitation.findOneAndUpdate(
      { _id: invitationId, acceptedAt: null, revokedAt: null },
      { $set: { revokedAt: new Date() } },
    ).lean<InvitationRecord>();
    if (!invitation) throw conflict('This invitation was already accepted or revoked.').because('invitation_used');
    await this.audit.record({
      actor,
      action: 'invitation.revoked',
      groupId: invitation.groupId,
      roomId: invitation.roomId,
      details: { email: invitation.email },
    });
  }

  private async pending(token: string): Promise<InvitationRecord> {
    if (!token || token.length > 100) throw invalidInvitation();
    const invitation = await this.models.Invitation.findOne({ tokenHash: hashToken(token) }).lean<InvitationRecord>();
    if (!invitation || this.status(invitation) !== 'pending') throw invalidInvitation();
    return invitation;
  }

  async preview(token: string): Promise<InvitationPreview> {
    const invitation = await this.pending(token);
    const view = await this.view(invitation);
    return {
      email: view.email,
      group: view.group,
      room: view.room,
      role: view.role,
      invitedBy: view.invitedBy,
      accountExists: Boolean(await this.models.User.exists({ email: invitation.email })),
      expiresAt: view.expiresAt,
    };
  }

  /**
   * Accepts an invitation. A new person sets name, password and language and is
   * signed in; an existing account must be signed in as the invited email.
   * Returns the user id to sign in, and where to go next.
   */
  async accept(
    token: string,
    signedIn: Actor | null,
    body: { name?: string; password?: string; language: UiLanguage },
  ): Promise<AcceptedInvitation & { userId: string; created: boolean }> {
    const invitation = await this.pending(token);
    const existing = await this.models.User.findOne({ email: invitation.email }).lean();
    let userId: string;
    let created = false;
    if (existing) {
      if (!signedIn || signedIn.id !== String(existing._id)) {
        throw new AppError(401, 'unauthenticated', `Sign in as ${invitation.email} to accept this invitation.`);
      }
      userId = signedIn.id;
    } else {
      if (!body.name || !body.password) throw badRequest('Enter your name and choose a password.');
      checkPassword(body.password, { email: invitation.email, name: body.name });
      const user = await this.models.User.create({
        email: invitation.email,
        name: body.name,
        language: body.language,
        passwordHash: await hashPassword(body.password),
        color: colorFor(invitation.email),
      });
      userId = String(user._id);
      created = true;
    }
    // claim the invitation first, so a link used twice at once grants once
    const claimed = await this.models.Invitation.findOneAndUpdate(
      { _id: invitation._id, acceptedAt: null, revokedAt: null },
      { $set: { acceptedAt: new Date(), acceptedBy: userId } },
    );
    if (!claimed) throw invalidInvitation();
    const actor = { id: userId, name: existing?.name ?? body.name ?? '' };
    let roomId: string | null = null;
    if (invitation.groupId) {
      const group = await loadGroup(this.models, String(invitation.groupId));
      const inviter = { id: String(invitation.invitedBy), name: invitation.invitedByName };
      try {
        await this.network.addMember(inviter, group, userId, invitation.role as MembershipRole);
      } catch (error) {
        // e.g. the group filled up meanwhile: keep nothing, so the same link works as before once there is room
        if (created) await this.models.User.deleteOne({ _id: userId });
        await this.models.Invitation.updateOne(
          { _id: invitation._id },
          { $set: { acceptedAt: null, acceptedBy: null } },
        );
        throw error;
      }
      const firstRoom = await this.models.Room.findOne({ groupId: group._id })
        .sort({ createdAt: 1 })
        .select('_id')
        .lean();
      roomId = firstRoom ? String(firstRoom._id) : null;
    } else if (invitation.roomId) {
      await this.models.RoomGuest.updateOne(
        { roomId: invitation.roomId, userId },
        { $setOnInsert: { roomId: invitation.roomId, userId } },
        { upsert: true },
      );
      roomId = String(invitation.roomId);
      this.bus.publish('access:changed', { userId, resourceIds: [roomId] });
    }
    await this.audit.record({
      actor,
      action: 'invitation.accepted',
      groupId: invitation.groupId,
      roomId: invitation.roomId,
      details: { email: invitation.email, role: invitation.role, newAccount: created },
    });
    return { userId, created, roomId, groupId: invitation.groupId ? String(invitation.groupId) : null };
  }
}
