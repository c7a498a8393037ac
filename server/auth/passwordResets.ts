import type { AuditLog } from '../audit/audit.service.js';
import { AppError, badRequest, notFound } from '../errors.js';
import type { Actor } from '../policy/policy.js';
import type { Bus } from '../realtime/bus.js';
import type { AuthModels } from './models.js';
import { hashPassword } from './password.js';
import { checkPassword } from './passwordRules.js';
import type { SessionStore } from './sessions.js';
import { hashToken, newToken } from './tokens.js';
import type { UserDoc } from './user.model.js';

export const PASSWORD_RESET_TTL_HOURS = 72;

/** One-time links to choose a new password; redeeming one ends every session of that person. */
export class PasswordResets {
  constructor(
    private readonly models: AuthModels,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly bus: Bus,
  ) {}

  /** An admin-issued one-time link to choose a new password. */
  async issue(admin: Actor, userId: string, baseUrl: string): Promise<{ link: string; expiresAt: string }> {
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
  async redeem(token: string, password: string): Promise<void> {
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
    this.bus.publish('access:changed', { userId: String(reset.userId), signedOut: true });
    await this.audit.record({
      actor: { id: String(user._id), name: user.name },
      action: 'auth.password_reset',
      target: { id: String(user._id), name: user.name },
    });
  }
}
