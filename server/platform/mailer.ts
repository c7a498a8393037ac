import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logger.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** e.g. a calendar invite: `{ filename: 'invite.ics', content, contentType: 'text/calendar; method=PUBLISH' }`. */
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** Sends mail when SMTP_URL is configured; otherwise reports that it did not, so the link is shown instead. */
export class Mailer {
  private readonly transport: Transporter | null;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
    private readonly logger: Logger,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Resolves true when the message was handed to the SMTP server. Never throws. */
  async send(mail: Mail): Promise<boolean> {
    if (!this.transport) return false;
    try {
      await this.transport.sendMail({ from: this.from, ...mail });
      return true;
    } catch (error) {
      this.logger.warn({ err: error, to: mail.to }, 'could not send email; the link is shown to the sender instead');
      return false;
    }
  }

  close(): void {
    this.transport?.close();
  }
}
