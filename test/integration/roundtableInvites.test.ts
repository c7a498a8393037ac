import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundtableView } from '../../shared/roundtables/schemas.js';
import { api } from '../helpers/api.js';
import { eventually } from '../helpers/clients.js';
import { partsOf, startMailbox } from '../helpers/mailbox.js';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.js';
import { scheduleRoundtable } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let server: TestServer;
let world: PlanWorld;

beforeAll(async () => {
  mailbox = await startMailbox();
  server = await startServer({ smtpUrl: mailbox.url });
  world = await buildPlanWorld(server.app.models, server.url);
  await server.app.models.User.updateOne({ _id: world.observer.id }, { language: 'ar' });
}, 180_000);
afterAll(async () => {
  await server?.close();
  await mailbox?.close();
});

const mailTo = (email: string) => mailbox.received.filter((m) => m.to.includes(email));

describe('calendar invites by email', () => {
  it('invitees get the invite in their language when it is scheduled, and a moved invite (same UID, higher SEQUENCE) when the time changes', async () => {
    const users = await server.app.models.User.find({ _id: { $in: [world.member2.id, world.observer.id] } }).lean();
    const email = (id: string) => users.find((u) => String(u._id) === id)!.email;
    const rt: RoundtableView = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, {
      invitees: [world.member2.id, world.observer.id],
      facilitators: [world.member.id],
    });
    await eventually(() => expect(mailTo(email(world.observer.id))).toHaveLength(1));
    const [english] = mailTo(email(world.member2.id));
    const [text, ics] = partsOf(english!.raw);
    expect(text).toContain('You are invited to the roundtable “Western Balkans hub launch');
    expect(text).toContain('When: Wednesday, March 12, 2031 at 10:00 AM Central European Standard Time');
    expect(text).toContain(`/roundtables/${rt.id}`);
    expect(ics).toContain('DTSTART:20310312T090000Z');
    expect(ics).toContain('SEQUENCE:0');
    const arabic = partsOf(mailTo(email(world.observer.id))[0]!.raw)[0]!;
    expect(arabic).toContain('أنت مدعو إلى الطاولة المستديرة');

    const before = mailbox.received.length;
    await api(server.url, 'PATCH', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.chair,
      body: { title: 'Only the title changes' },
    });
    await api(server.url, 'PATCH', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.chair,
      body: { start: '2031-03-12T15:00', timeZone: 'Europe/Skopje' },
    });
    // invitees and the facilitator, once each: a change of title alone sends nothing
    await eventually(() => expect(mailbox.received.length - before).toBe(3));
    const moved = mailTo(email(world.member2.id)).at(-1)!;
    const [movedText, movedIcs] = partsOf(moved.raw);
    expect(movedText).toContain('The roundtable “Only the title changes” has a new time.');
    expect(movedText).toContain('3:00 PM');
    expect(movedIcs).toContain('DTSTART:20310312T140000Z');
    expect(movedIcs).toContain('SEQUENCE:1');
    expect(movedIcs!.match(/UID:\S+/)![0]).toBe(ics!.match(/UID:\S+/)![0]);
  });
});
