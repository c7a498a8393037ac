import type { AuditLog } from '../audit/audit.service.js';
import { AppError, badRequest, notFound } from '../errors.js';
import type { Actor } from '../policy/policy.js';
import type { Logger } from '../logger.js';
import { translatorFor } from '../platform/i18n.js';
import type { Mailer } from '../platform/mailer.js';
import type { Bus } from '../realtime/bus.js';
import type { AuthModels } from './models.js';
import { hashPassword } from './password.js';
import { checkPassword } from './passwordRules.js';
import type { SessionStore } from './sessions.js';
import { hashToken, newToken } from './tokens.js';
import type { UserDoc } from './user.model.js';

export const PASSWORD_RESET_TTL_HOURS = 72;
/** A link someone asked for by email is theirs alone to use, and soon (OWASP: short-lived). */
export const EMAILED_RESET_TTL_MINUTES = 60;

/** One-time links to choose a new password; redeeming one ends every session of that person. */
export class PasswordResets {
  constructor(
    private readonly models: AuthModels,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly bus: Bus,
    private readonly mailer: Mailer,
    private readonly logger: Logger,
  ) {}

  /** Whether someone who forgot their password can get a link by email (SMTP_URL is set). */
  get byEmail(): boolean {
    return this.mailer.enabled;
  }

  /**
   * "Forgot your password?": emails a short-lived link when the address has an account and
   * mail is configured. Returns before anything is looked up or sent, so neither the answer
   * nor its timing tells whether the address has an account.
   */
  requestByEmail(email: string, baseUrl: string): void {
    if (!this.mailer.enabled) return;
    this.emailLink(email, baseUrl).catch((error: unknown) =>
      this.logger.error({ err: error }, 'could not email a password reset link'),
    );
  }

  private async emailLink(email: string, baseUrl: string): Promise<void> {
    const user = await this.models.User.findOne({ email }).select('name email language').lean<UserDoc>();
    if (!user) return;
    const { token, hash } = newToken();
    const expiresAt = new Date(Date.now() + EMAILED_RESET_TTL_MINUTES * 60_000);
    await this.models.PasswordReset.create({ tokenHash: hash, userId: user._id, issuedBy: user._id, expiresAt });
    const link = `${baseUrl}/reset/${token}`;
    const t = translatorFor(user.language);
    const sent = await this.mailer.send({
      to: user.email,
      subject: t('email.reset.subject'),
      text: t('email.reset.body', { minutes: EMAILED_RESET_TTL_MINUTES, link }),
    });
    const me = { id: String(user._id), name: user.name };
    await this.audit.record({
      actor: me,
      action: 'auth.password_reset_issued',
      target: me,
      details: { emailed: sent },
    });
  }

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
