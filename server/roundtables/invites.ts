import type { AuthModels } from '../auth/models.js';
import type { Logger } from '../logger.js';
import { formatterFor, translatorFor } from '../platform/i18n.js';
import type { Mailer } from '../platform/mailer.js';
import { roundtableIcs } from './ics.js';
import type { RoundtableRecord } from './roundtable.model.js';

/**
 * Emails the calendar invite to a roundtable's invitees and facilitators, in each one's
 * language, when it is scheduled and whenever its time changes (the same UID, a higher
 * SEQUENCE: calendars move the event instead of adding another).
 */
export class RoundtableInvites {
  constructor(
    private readonly models: Pick<AuthModels, 'User'>,
    private readonly mailer: Mailer,
    private readonly logger: Logger,
  ) {}

  /** Sends in the background; never throws (a failed mail is logged). */
  send(roundtable: RoundtableRecord, base: string, why: 'scheduled' | 'moved'): void {
    if (!this.mailer.enabled) return;
    this.sendAll(roundtable, base, why).catch((error: unknown) =>
      this.logger.warn({ err: error, roundtableId: String(roundtable._id) }, 'could not send roundtable invites'),
    );
  }

  private async sendAll(roundtable: RoundtableRecord, base: string, why: 'scheduled' | 'moved'): Promise<void> {
    const ids = [...new Set([...roundtable.invitees, ...roundtable.facilitators].map(String))];
    const people = await this.models.User.find({ _id: { $in: ids } })
      .select('email language')
      .lean();
    const link = `${base}/roundtables/${String(roundtable._id)}`;
    const ics = roundtableIcs(roundtable, link, new URL(base).hostname);
    for (const person of people) {
      const t = translatorFor(person.language);
      const format = formatterFor(person.language);
      const { startsAt, timeZone } = roundtable;
      const time = `${format.date(startsAt, { dateStyle: 'full', timeStyle: 'short', timeZone })} ${format.zoneName(startsAt, timeZone)}`;
      const values = { title: roundtable.title, time, link };
      await this.mailer.send({
        to: person.email,
        subject: t(`email.roundtable.${why}.subject`, values),
        text: t(`email.roundtable.${why}.body`, values),
        attachments: [{ filename: 'roundtable.ics', content: ics, contentType: 'text/calendar; charset=utf-8' }],
      });
    }
  }
}
