import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../shared/schemas/audit.js';
import type { CreatedInvitation } from '../../shared/schemas/invitations.js';
import { api, expectError, tokenOf } from '../helpers/api.js';
import { login } from '../helpers/clients.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

type Entries = { entries: AuditEntryView[] };

describe('the audit log', () => {
  let server: TestServer;
  let admin: BuiltUser;
  let chair: BuiltUser;
  let member: BuiltUser;
  let changer: BuiltUser;
  let leaver: BuiltUser;
  let outsider: BuiltUser;
  let groupId: string;
  const cookies = new Map<BuiltUser, string>();

  beforeAll(async () => {
    server = await startServer();
    const m = server.app.models;
    [admin, chair, member, changer, leaver, outsider] = await Promise.all([
      buildUser(m, { name: 'Ana Admin', isAdmin: true }),
      buildUser(m, { name: 'Amina Haddad' }),
      buildUser(m, { name: 'Marko Petrović' }),
      buildUser(m, { name: 'Youssef Benali' }),
      buildUser(m, { name: 'Sara Wanjiru' }),
      buildUser(m, { name: 'Lena Outsider' }),
    ]);
    ({ groupId } = await buildRoom(m, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
      { user: changer, role: 'member' },
      { user: leaver, role: 'member' },
    ]));
    for (const user of [admin, chair, member, outsider]) cookies.set(user, await login(server.url, user));
  });
  afterAll(() => server?.close());

  const groupLog = (by: BuiltUser | null) =>
    api<Entries>(server.url, 'GET', `/api/groups/${groupId}/audit`, { cookie: by ? cookies.get(by) : undefined });
  const platformLog = (by: BuiltUser | null, query = '') =>
    api<Entries>(server.url, 'GET', `/api/audit${query}`, { cookie: by ? cookies.get(by) : undefined });

  it("records membership and invitation changes in the group's log, which its chair and admins read", async () => {
    const invite = (email: string) =>
      api<CreatedInvitation>(server.url, 'POST', `/api/groups/${groupId}/invitations`, {
        cookie: cookies.get(admin),
        body: { email, role: 'member' },
      });
    const newcomerEmail = `nour.${randomUUID().slice(0, 8)}@city.example`;
    const revokedEmail = `omar.${randomUUID().slice(0, 8)}@city.example`;
    const invited = await invite(newcomerEmail);
    const revoked = await invite(revokedEmail);
    expect(
      (
        await api(server.url, 'DELETE', `/api/invitations/${revoked.body.invitation.id}`, {
          cookie: cookies.get(admin),
        })
      ).status,
    ).toBe(204);
    const accepted = await api<{ user: { id: string } }>(
      server.url,
      'POST',
      `/api/invitations/${tokenOf(invited.body.link)}/accept`,
      { body: { name: 'Nour Saleh', password: 'jasmine on the balcony rail', language: 'ar' } },
    );
    expect(accepted.status).toBe(200);
    const newcomerId = accepted.body.user.id;
    const asAdmin = { cookie: cookies.get(admin) };
    const changed = await api(server.url, 'PATCH', `/api/groups/${groupId}/members/${changer.id}`, {
      ...asAdmin,
      body: { role: 'observer' },
    });
    expect(changed.status).toBe(204);
    expect((await api(server.url, 'DELETE', `/api/groups/${groupId}/members/${leaver.id}`, asAdmin)).status).toBe(204);

    const log = await groupLog(admin);
    expect(log.status).toBe(200);
    const adminActor = { id: admin.id, name: 'Ana Admin' };
    expect(log.body.entries.map((e) => e.action)).toEqual([
      'membership.removed',
      'membership.role_changed',
      'invitation.accepted',
      'membership.added',
      'invitation.revoked',
      'invitation.created',
      'invitation.created',
    ]);
    const [removed, roleChanged, acceptedEntry, added, revokedEntry, secondInvite, firstInvite] = log.body.entries;
    expect(removed).toMatchObject({ actor: adminActor, target: { id: leaver.id, name: 'Sara Wanjiru' } });
    expect(roleChanged).toMatchObject({
      actor: adminActor,
      target: { id: changer.id, name: 'Youssef Benali' },
      details: { from: 'member', to: 'observer' },
    });
    expect(acceptedEntry).toMatchObject({
      actor: { id: newcomerId, name: 'Nour Saleh' },
      details: { newAccount: true },
    });
    expect(added).toMatchObject({ target: { id: newcomerId, name: 'Nour Saleh' }, details: { role: 'member' } });
    expect(revokedEntry).toMatchObject({ actor: adminActor, details: { email: revokedEmail } });
    expect(secondInvite).toMatchObject({ actor: adminActor, details: { email: revokedEmail, role: 'member' } });
    expect(firstInvite).toMatchObject({ actor: adminActor, details: { email: newcomerEmail, emailed: false } });
    expect(log.body.entries.every((e) => e.groupId === groupId)).toBe(true);
    expect(JSON.stringify(log.body)).not.toContain(tokenOf(invited.body.link));

    const seenByChair = await groupLog(chair);
    expect(seenByChair.status).toBe(200);
    expect(seenByChair.body.entries).toEqual(log.body.entries);
    expectError(await groupLog(member), 403, 'forbidden');
    expectError(await groupLog(outsider), 404, 'not_found');
    expectError(await groupLog(null), 401, 'unauthenticated');
  });

  it('records sign-ins, refused ones too, in the platform log that only admins read', async () => {
    const refused = await api(server.url, 'POST', '/api/auth/login', {
      body: { email: member.email, password: 'a wrong password' },
    });
    expect(refused.status).toBe(401);
    const log = await platformLog(admin);
    expect(log.status).toBe(200);
    const signIns = log.body.entries.filter((e) => e.action === 'auth.signed_in');
    expect(signIns.map((e) => e.actor.id)).toEqual(expect.arrayContaining([admin.id, chair.id, member.id]));
    expect(signIns.find((e) => e.actor.id === chair.id)).toMatchObject({
      actor: { name: 'Amina Haddad' },
      groupId: null,
      details: { ip: expect.any(String) },
    });
    expect(log.body.entries[0]).toMatchObject({
      action: 'auth.sign_in_refused',
      actor: { id: null, name: 'system' },
      target: { id: member.id, name: 'Marko Petrović' },
    });
    expect((await groupLog(admin)).body.entries.map((e) => e.action)).not.toContain('auth.signed_in');

    const older = await platformLog(admin, `?before=${log.body.entries[1]!.id}`);
    expect(older.body.entries.map((e) => e.id)).toEqual(log.body.entries.slice(2).map((e) => e.id));

    expectError(await platformLog(chair), 403, 'forbidden');
    expectError(await platformLog(member), 403, 'forbidden');
    expectError(await platformLog(null), 401, 'unauthenticated');
  });
});
