import type { AuditLog } from '../audit/audit.service.js';
import type { AuthModels } from '../auth/models.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { checkPassword } from '../auth/passwordRules.js';
import type { SessionStore } from '../auth/sessions.js';
import type { UserDoc } from '../auth/user.model.js';
import { AppError, notFound } from '../errors.js';
import type { Actor } from '../policy/policy.js';
import type { Bus } from '../realtime/bus.js';
import type { AccountModels } from './erasure.model.js';
import type { PersonalData } from './personalData.js';

type Models = AccountModels & AuthModels;

/** A person's own data (export, deletion) and the admin side of accounts (reset links, erasure). */
export class AccountService {
  constructor(
    private readonly models: Models,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly bus: Bus,
  ) {}

  private readonly parts: PersonalData[] = [];

  /** A domain registers its part of people's data (export, deletion, erasure). */
  registerPersonalData(part: PersonalData): void {
    this.parts.push(part);
  }

  /** Everything a person wrote or that describes them, as one JSON document. */
  async export(actor: Actor) {
    const user = await this.models.User.findById(actor.id).lean<UserDoc>();
    if (!user) throw notFound('Account');
    const parts = await Promise.all(this.parts.map(async (part) => [part.key, await part.export(actor.id)] as const));
    return {
      exportedAt: new Date().toISOString(),
      profile: {
        id: actor.id,
        email: user.email,
        name: user.name,
        title: user.title,
        language: user.language,
        createdAt: user.createdAt.toISOString(),
      },
      ...Object.fromEntries(parts),
    };
  }

  /** A person changes their own password, proving it with the current one. */
  /** Sets a new password; every other session of the person ends, this browser's (`keepToken`) stays. */
  async changeOwnPassword(actor: Actor, current: string, password: string, keepToken: string): Promise<void> {
    const user = await this.models.User.findById(actor.id).lean<UserDoc>();
    if (!user) throw notFound('Account');
    if (!(await verifyPassword(user.passwordHash, current)))
      throw new AppError(403, 'forbidden', 'The current password is not correct.');
    checkPassword(password, { email: user.email, name: user.name });
    await this.models.User.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(password) } });
    // someone who knew the old password may be signed in elsewhere: not any more
    const ended = await this.sessions.destroyOthersFor(actor.id, keepToken);
    this.bus.publish('access:changed', { userId: actor.id, signedOut: true, keepToken });
    await this.audit.record({
      actor,
      action: 'auth.password_changed',
      target: { id: actor.id, name: user.name },
      details: { otherSessionsEnded: ended },
    });
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
    const person = { id: actor.id, name: user.name, isAdmin: user.isAdmin };
    for (const part of this.parts) await part.onAccountDeleted?.(person);
    await Promise.all([
      this.models.PasswordReset.deleteMany({ userId: actor.id }),
      this.sessions.destroyAllFor(actor.id),
    ]);
    await this.models.User.deleteOne({ _id: actor.id });
    this.bus.publish('access:changed', { userId: actor.id, signedOut: true });
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
  async erase(admin: Actor, userId: string): Promise<Record<string, number>> {
    const request = await this.models.ErasureRequest.findOne({ userId, completedAt: null }).lean();
    if (!request) throw notFound('Erasure request');
    const erased: Record<string, number> = {};
    for (const part of this.parts) if (part.erase) erased[part.key] = await part.erase(userId);
    await this.models.ErasureRequest.updateOne(
      { _id: request._id },
      { $set: { completedAt: new Date(), completedBy: admin.id } },
    );
    await this.audit.record({
      actor: admin,
      action: 'account.erased',
      target: { id: userId, name: request.name },
      details: erased,
    });
    return erased;
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
}
