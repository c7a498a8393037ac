import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundtableView } from '../../shared/roundtables/schemas.js';
import { api, expectError, tokenOf } from '../helpers/api.js';
import { buildPlanWorld, startPlan, type PlanWorld } from '../helpers/plans.js';
import { scheduleBody } from '../helpers/roundtableMatrix.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventually, login } from '../helpers/clients.js';
import { buildUser } from '../helpers/factories.js';
import { joinSession } from '../helpers/roundtables.js';

let server: TestServer;
let world: PlanWorld;
let planId: string;

beforeAll(async () => {
  server = await startServer();
  world = await buildPlanWorld(server.app.models, server.url);
  planId = (await startPlan(server.url, world.cookies.chair, world.groupId)).id;
}, 180_000);
afterAll(() => server?.close());

async function schedule(cookie: string, body: Record<string, unknown> = {}) {
  return api<{ roundtable: RoundtableView }>(server.url, 'POST', `/api/groups/${world.groupId}/roundtables`, {
    cookie,
    body: { ...scheduleBody(planId), facilitators: [world.member.id], invitees: [world.member2.id], ...body },
  });
}

describe('scheduling a roundtable', () => {
  it('a chair schedules one with language sessions, each its own room, at the instant the organiser meant', async () => {
    const reply = await schedule(world.cookies.chair);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const rt = reply.body.roundtable;
    // 10:00 in Skopje in March (CET, UTC+1) is 09:00 UTC
    expect(rt.startsAt).toBe('2031-03-12T09:00:00.000Z');
    expect(rt.timeZone).toBe('Europe/Skopje');
    expect(rt.sessions.map((s) => s.language)).toEqual(['en', 'sq']);
    expect(new Set(rt.sessions.map((s) => s.roomId)).size).toBe(2);
    expect(rt.plan?.id).toBe(planId);
    expect(rt.facilitators).toEqual([{ id: world.member.id, name: world.member.name }]);
    expect(rt.abilities).toMatchObject({ read: true, facilitate: true, manage: true });
    const rooms = await server.app.models.Room.find({ _id: { $in: rt.sessions.map((s) => s.roomId) } }).lean();
    expect(rooms.map((r) => r.languages[0]).sort()).toEqual(['en', 'sq']);
  });

  it('summer time: 10:00 in Skopje in July is 08:00 UTC; 10:00 in Tunis is 09:00 UTC', async () => {
    const skopje = await schedule(world.cookies.chair, { start: '2031-07-02T10:00' });
    expect(skopje.body.roundtable.startsAt).toBe('2031-07-02T08:00:00.000Z');
    const tunis = await schedule(world.cookies.hubStaff, { start: '2031-07-02T10:00', timeZone: 'Africa/Tunis' });
    expect(tunis.body.roundtable.startsAt).toBe('2031-07-02T09:00:00.000Z');
  });

  it('refuses a call link that is not Jitsi, Zoom or Teams over https, an unknown zone, and outsiders as facilitators', async () => {
    for (const callUrl of [
      'http://meet.jit.si/x',
      'https://evil.example/zoom.us',
      'javascript:alert(1)',
      'https://zoom.us.evil.example/j/1',
      'not a link at all',
    ])
      expectError(await schedule(world.cookies.chair, { callUrl }), 400, 'bad_request');
    expect((await schedule(world.cookies.chair, { callUrl: 'https://us02web.zoom.us/j/812345' })).status).toBe(201);
    // no call link at all is fine (the link rule once threw on it: a 500)
    expect((await schedule(world.cookies.chair, { callUrl: '' })).status).toBe(201);
    expect(
      (await schedule(world.cookies.chair, { callUrl: 'https://teams.microsoft.com/l/meetup-join/19%3a' })).status,
    ).toBe(201);
    expectError(await schedule(world.cookies.chair, { timeZone: 'Mars/Olympus' }), 400, 'bad_request');
    expectError(await schedule(world.cookies.chair, { facilitators: [world.outsider.id] }), 400, 'bad_request');
    expectError(await schedule(world.cookies.chair, { languages: ['en', 'en'] }), 400, 'bad_request');
  });

  it('members and observers may not schedule; the named facilitator may not change the schedule', async () => {
    expectError(await schedule(world.cookies.member), 403, 'forbidden');
    expectError(await schedule(world.cookies.observer), 403, 'forbidden');
    const rt = (await schedule(world.cookies.chair)).body.roundtable;
    const patch = await api(server.url, 'PATCH', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.member,
      body: { title: 'Renamed' },
    });
    expectError(patch, 403, 'forbidden');
    const asFacilitator = await api<{ roundtable: RoundtableView }>(server.url, 'GET', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.member,
    });
    expect(asFacilitator.body.roundtable.abilities).toMatchObject({ facilitate: true, manage: false });
    const asMember = await api<{ roundtable: RoundtableView }>(server.url, 'GET', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.member2,
    });
    expect(asMember.body.roundtable.abilities).toMatchObject({ read: true, participate: true, facilitate: false });
    expectError(
      await api(server.url, 'GET', `/api/roundtables/${rt.id}`, { cookie: world.cookies.outsider }),
      404,
      'not_found',
    );
  });
});

describe('invitees: the home list, RSVP and the calendar invite', () => {
  it('upcoming roundtables are listed soonest first; RSVPs are counted once per person', async () => {
    const later = (await schedule(world.cookies.chair, { title: 'Later', start: '2032-01-10T10:00' })).body.roundtable;
    const sooner = (await schedule(world.cookies.chair, { title: 'Sooner', start: '2031-01-10T10:00' })).body
      .roundtable;
    const list = await api<{ roundtables: RoundtableView[] }>(server.url, 'GET', '/api/roundtables', {
      cookie: world.cookies.member2,
    });
    const ids = list.body.roundtables.map((r) => r.id);
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id));
    const outsider = await api<{ roundtables: RoundtableView[] }>(server.url, 'GET', '/api/roundtables', {
      cookie: world.cookies.outsider,
    });
    expect(outsider.body.roundtables).toEqual([]);
    for (const answer of ['maybe', 'yes', 'yes'])
      await api(server.url, 'POST', `/api/roundtables/${sooner.id}/rsvp`, {
        cookie: world.cookies.member2,
        body: { answer },
      });
    const after = await api<{ roundtable: RoundtableView }>(server.url, 'POST', `/api/roundtables/${sooner.id}/rsvp`, {
      cookie: world.cookies.member,
      body: { answer: 'no' },
    });
    expect(after.body.roundtable.rsvps).toEqual({ yes: 1, no: 1, maybe: 0 });
    expect(after.body.roundtable.myRsvp).toBe('no');
  });

  it('the .ics carries the instant in UTC, the organiser zone, a stable UID, and a SEQUENCE that grows when the time changes', async () => {
    const rt = (await schedule(world.cookies.chair)).body.roundtable;
    const ics = async () => {
      const res = await fetch(`${server.url}/api/roundtables/${rt.id}/invite.ics`, {
        headers: { cookie: world.cookies.member2 },
      });
      expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
      return (await res.text()).replace(/\r\n[ \t]/g, '');
    };
    const first = await ics();
    expect(first).toContain('BEGIN:VEVENT');
    expect(first).toContain('DTSTART:20310312T090000Z');
    expect(first).toContain('DURATION:PT90M');
    expect(first).toMatch(/SUMMARY:Western Balkans hub launch/);
    expect(first).toContain('2031-03-12 10:00 (Europe/Skopje)');
    expect(first).toContain('https://meet.jit.si/roundtable-wb-launch');
    expect(first).toContain(`UID:roundtable-${rt.id}@`);
    expect(first).toContain('SEQUENCE:0');
    const moved = await api<{ roundtable: RoundtableView }>(server.url, 'PATCH', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.chair,
      body: { start: '2031-03-12T14:30', timeZone: 'Europe/Skopje' },
    });
    expect(moved.body.roundtable.sequence).toBe(1);
    // a change names only what it changes: the agenda, plan and link stay
    expect(moved.body.roundtable).toMatchObject({ agenda: rt.agenda, plan: rt.plan, callUrl: rt.callUrl });
    const renamed = await api<{ roundtable: RoundtableView }>(server.url, 'PATCH', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.chair,
      body: { title: 'Renamed roundtable' },
    });
    expect(renamed.body.roundtable).toMatchObject({
      title: 'Renamed roundtable',
      sequence: 1,
      facilitators: rt.facilitators,
    });
    const second = await ics();
    expect(second).toContain('DTSTART:20310312T133000Z');
    expect(second).toContain('SEQUENCE:1');
    expect(second.match(/UID:[^\r\n]+/)![0]).toBe(first.match(/UID:[^\r\n]+/)![0]);
  });
});

describe('guests', () => {
  it('a guest invited into a session room (the existing room invitations) sees the roundtable and takes part, but does not facilitate', async () => {
    const rt = (await schedule(world.cookies.chair)).body.roundtable;
    const guest = await buildUser(server.app.models, { name: 'Gradonačelnica Gost' });
    const cookie = await login(server.url, guest);
    expectError(await api(server.url, 'GET', `/api/roundtables/${rt.id}`, { cookie }), 404, 'not_found');
    await server.app.models.RoomGuest.create({ roomId: rt.sessions[1]!.roomId, userId: guest.id });
    const view = await api<{ roundtable: RoundtableView }>(server.url, 'GET', `/api/roundtables/${rt.id}`, { cookie });
    expect(view.body.roundtable.abilities).toMatchObject({ read: true, participate: true, facilitate: false });
    const list = await api<{ roundtables: RoundtableView[] }>(server.url, 'GET', '/api/roundtables', { cookie });
    expect(list.body.roundtables.map((r) => r.id)).toContain(rt.id);
    const participant = await joinSession(server.url, cookie, rt.id, 1);
    try {
      await participant.send('roundtable:hand', { raised: true });
      expect(await participant.refused('roundtable:facilitate', { op: 'open' })).toBe('forbidden');
      await eventually(() =>
        expect(participant.latest().present).toEqual([expect.objectContaining({ role: 'guest' })]),
      );
    } finally {
      participant.socket.disconnect();
    }
  });
});

describe('inviting a guest from the roundtable', () => {
  it('those who may invite into its rooms are told so; the link they make lets the guest into that session', async () => {
    const rt = (await schedule(world.cookies.chair)).body.roundtable;
    const abilities = async (cookie: string) =>
      (await api<{ roundtable: RoundtableView }>(server.url, 'GET', `/api/roundtables/${rt.id}`, { cookie })).body
        .roundtable.abilities;
    expect(await abilities(world.cookies.hubStaff)).toMatchObject({ invite: true });
    expect(await abilities(world.cookies.chair)).toMatchObject({ invite: false, manage: true });
    expect(await abilities(world.cookies.member)).toMatchObject({ invite: false });
    // what the form sends: the existing room invitation, into the chosen session's room
    const refused = await api(server.url, 'POST', `/api/rooms/${rt.sessions[1]!.roomId}/invitations`, {
      cookie: world.cookies.chair,
      body: { email: 'mayor@shkoder.example' },
    });
    expect(refused.status).toBe(403);
    const made = await api<{ link: string; invitation: { role: string } }>(
      server.url,
      'POST',
      `/api/rooms/${rt.sessions[1]!.roomId}/invitations`,
      { cookie: world.cookies.hubStaff, body: { email: 'mayor@shkoder.example' } },
    );
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.invitation.role).toBe('guest');
    const token = tokenOf(made.body.link);
    const accepted = await api<unknown>(server.url, 'POST', `/api/invitations/${token}/accept`, {
      body: { name: 'Kryetari Mysafir', password: 'a long guest password 2031', language: 'sq' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const guestCookie = accepted.cookie!;
    expect(await abilities(guestCookie)).toMatchObject({ read: true, participate: true, invite: false });
  });
});
