import type { AuditLog } from '../audit/audit.service.js';
import type { Models } from '../db/models.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { hashToken, newToken } from '../invitations/tokens.js';
import type { AccessNotifier } from '../realtime/access.js';
import type { Actor } from '../policy/policy.js';
import { hashPassword, verifyPassword } from './password.js';
import { checkPassword } from './passwordRules.js';
import type { SessionStore } from './sessions.js';
import type { UserDoc } from './user.model.js';

export const PASSWORD_RESET_TTL_HOURS = 72;

/** A person's own data (export, deletion) and the admin side of accounts (reset links, erasure). */
export class AccountService {
  constructor(
    private readonly models: Models,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly access: AccessNotifier,
  ) {}

  /** Everything a person wrote or that describes them, as one JSON document. */
  async export(actor: Actor) {
    const user = await this.models.User.findById(actor.id).lean<UserDoc>();
    if (!user) throw notFound('Account');
    const [memberships, messages, invitationsSent] = await Promise.all([
      this.models.Membership.find({ userId: actor.id }).lean(),
      this.models.Message.find({ authorId: actor.id }).sort({ _id: 1 }).lean(),
      this.models.Invitation.find({ invitedBy: actor.id }).sort({ _id: 1 }).lean(),
    ]);
    const groups = await this.models.Group.find({ _id: { $in: memberships.map((m) => m.groupId) } }).lean();
    const groupName = new Map(groups.map((g) => [String(g._id), g.name]));
    return {
      exportedAt: new Date().toISOString(),
      profile: {
        id: actor.id,
        email: user.email,
        name: user.name,
        title: user.title,
        language: user.language,
        createdAt: user.createdAt,
      },
      memberships: memberships.map((m) => ({
        groupId: String(m.groupId),
        group: groupName.get(String(m.groupId)) ?? null,
        role: m.role,
      })),
      messages: messages.map((m) => ({
        id: String(m._id),
        roomId: String(m.roomId),
        body: m.body,
        createdAt: m.createdAt.toISOString(),
      })),
      invitationsSent: invitationsSent.map((i) => ({
        email: i.email,
        role: i.role,
        createdAt: (i as { createdAt?: Date }).createdAt?.toISOString() ?? null,
      })),
    };
  }

  /**
   * Deletes the account after checking the password. Messages stay, shown as
   * "former member"; with `erase`, an erasure request is left for an admin.
   */
  async deleteOwn(actor: Actor, password: string, erase: boolean): Promise<void> {
    const user = await this.models.User.findById(actor.id).lean<UserDoc>();
    if (!user) throw notFound('Account');
    if (!(await verifyPassword(user.passwordHash, password)))
      throw new AppError(403, 'forbidden', 'The password is not correct.');
    await this.models.Message.updateMany({ authorId: actor.id }, { $set: { authorName: '' } });
    // each group's own audit log shows the member leaving
    for (const membership of await this.models.Membership.find({ userId: actor.id }).lean()) {
      await this.audit.record({
        actor,
        action: 'membership.removed',
        groupId: membership.groupId,
        target: { id: actor.id, name: user.name },
        details: { role: membership.role, reason: 'account deleted' },
      });
    }
    await Promise.all([
      this.models.Membership.deleteMany({ userId: actor.id }),
      this.models.RoomGuest.deleteMany({ userId: actor.id }),
      this.models.PasswordReset.deleteMany({ userId: actor.id }),
      this.sessions.destroyAllFor(actor.id),
    ]);
    await this.models.User.deleteOne({ _id: actor.id });
    this.access.changed({ userId: actor.id, signedOut: true });
    await this.audit.record({ actor, action: 'account.deleted', target: { id: actor.id, name: user.name } });
    if (erase) {
      await this.models.ErasureRequest.updateOne(
        { userId: actor.id },
        { $setOnInsert: { userId: actor.id, name: user.name, email: user.email, requestedAt: new Date() } },
        { upsert: true },
      );
      await this.audit.record({
        actor,
        action: 'account.erasure_requested',
        target: { id: actor.id, name: user.name },
      });
    }
  }

  async listErasureRequests() {
    const rows = await this.models.ErasureRequest.find().sort({ requestedAt: -1 }).lean();
    return rows.map((r) => ({
      userId: String(r.userId),
      name: r.name,
      email: r.email,
      requestedAt: r.requestedAt.toISOString(),
      completedAt: r.completedAt?.toISOString() ?? null,
    }));
  }

  /** Carries out a former member's erasure request: their messages are deleted. */
  async erase(admin: Actor, userId: string): Promise<{ messages: number }> {
    const request = await this.models.ErasureRequest.findOne({ userId, completedAt: null }).lean();
    if (!request) throw notFound('Erasure request');
    const { deletedCount } = await this.models.Message.deleteMany({ authorId: userId });
    await this.models.ErasureRequest.updateOne(
      { _id: request._id },
      { $set: { completedAt: new Date(), completedBy: admin.id } },
    );
    await this.audit.record({
      actor: admin,
      action: 'account.erased',
      target: { id: userId, name: request.name },
      details: { messages: deletedCount },
    });
    return { messages: deletedCount };
  }

  async listUsers() {
    const users = await this.models.User.find().sort({ name: 1 }).limit(5000).lean<UserDoc[]>();
    return users.map((u) => ({
      id: String(u._id),
      email: u.email,
      name: u.name,
      title: u.title ?? '',
      isAdmin: u.isAdmin,
      language: u.language,
      cityId: u.cityId ? String(u.cityId) : null,
    }));
  }

  /** A person changes their own password, proving it with the current one. */
  async changeOwnPassword(actor: Actor, current: string, password: string): Promise<void> {
    const user = await this.models.User.findById(actor.id).lean<UserDoc>();
    if (!user) throw notFound('Account');
    if (!(await verifyPassword(user.passwordHash, current)))
      throw new AppError(403, 'forbidden', 'The current password is not correct.');
    checkPassword(password, { email: user.email, name: user.name });
    await this.models.User.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(password) } });
    await this.audit.record({ actor, action: 'auth.password_changed', target: { id: actor.id, name: user.name } });
  }

  /** An admin-issued one-time link to choose a new password. */
  async issuePasswordReset(
    admin: Actor,
    userId: string,
    baseUrl: string,
  ): Promise<{ link: string; expiresAt: string }> {
    const user = await this.models.User.findById(userId).select('name').lean();
    if (!user) throw notFound('User');
    const { token, hash } = newToken();
    const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_HOURS * 3600_000);
    await this.models.PasswordReset.create({ tokenHash: hash, userId, issuedBy: admin.id, expiresAt });
    await this.audit.record({
      actor: admin,
      action: 'auth.password_reset_issued',
      target: { id: userId, name: user.name },
    });
    return { link: `${baseUrl}/reset/${token}`, expiresAt: expiresAt.toISOString() };
  }

  /** Sets a new password from a reset link and ends every existing session of that person. */
  async resetPassword(token: string, password: string): Promise<void> {
    const reset =
      token.length <= 100 ? await this.models.PasswordReset.findOne({ tokenHash: hashToken(token) }).lean() : null;
    if (!reset || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) {
      throw new AppError(
        410,
        'invitation_invalid',
        'This reset link is not valid any more. Ask an admin for a new one.',
      );
    }
    const user = await this.models.User.findById(reset.userId).lean<UserDoc>();
    if (!user) throw badRequest('The account no longer exists.');
    checkPassword(password, { email: user.email, name: user.name });
    const claimed = await this.models.PasswordReset.findOneAndUpdate(
      { _id: reset._id, usedAt: null },
      { $set: { usedAt: new Date() } },
    );
    if (!claimed) throw new AppError(410, 'invitation_invalid', 'This reset link was already used.');
    await this.models.User.updateOne({ _id: reset.userId }, { $set: { passwordHash: await hashPassword(password) } });
    await this.sessions.destroyAllFor(String(reset.userId));
    this.access.changed({ userId: String(reset.userId), signedOut: true });
    await this.audit.record({
      actor: { id: String(user._id), name: user.name },
      action: 'auth.password_reset',
      target: { id: String(user._id), name: user.name },
    });
  }
}
