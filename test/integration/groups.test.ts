import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedInvitation } from '../../shared/schemas/invitations.js';
import type { DirectoryView, GroupSummary, GroupView } from '../../shared/schemas/network.js';
import { api, expectError, tokenOf } from '../helpers/api.js';
import { login } from '../helpers/clients.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { signInPeople } from '../helpers/people.js';
import { startServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'minarets and bridges at dusk';

describe('groups, caps and the directory', () => {
  let server: TestServer;
  let admin: BuiltUser;
  let staff: BuiltUser;
  const cookies = new Map<BuiltUser, string>();

  beforeAll(async () => {
    server = await startServer();
    ({ admin, staff } = await signInPeople(
      server,
      { admin: { name: 'Ana Admin', isAdmin: true }, staff: 'Dina Kovačević' },
      cookies,
    ));
  });
  afterAll(() => server?.close());

  /** A region whose hub team `staff` belongs to, with a regional advisory group of `members` people. */
  async function region(members: number) {
    const m = server.app.models;
    const hub = await m.Hub.create({ slug: `region-${randomUUID().slice(0, 8)}`, name: 'Middle East & North Africa' });
    const [team, advisory] = await m.Group.create([
      { name: 'MENA hub team', kind: 'hub_team', hubId: hub._id },
      { name: 'MENA Regional Advisory Group', kind: 'advisory_group', hubId: hub._id },
    ]);
    await m.Membership.create({ groupId: team!._id, userId: staff.id, role: 'member' });
    const people = await Promise.all(Array.from({ length: members }, () => buildUser(m)));
    await m.Membership.create(people.map((p) => ({ groupId: advisory!._id, userId: p.id, role: 'member' as const })));
    return { hubId: String(hub._id), groupId: String(advisory!._id), people };
  }

  const getGroup = (groupId: string, by: BuiltUser) =>
    api<{ group: GroupView }>(server.url, 'GET', `/api/groups/${groupId}`, { cookie: cookies.get(by) });

  const invite = (groupId: string, email: string) =>
    api<CreatedInvitation>(server.url, 'POST', `/api/groups/${groupId}/invitations`, {
      cookie: cookies.get(staff),
      body: { email, role: 'member' },
    });

  describe('member caps', () => {
    it('a regional advisory group holds eight people: inviting a ninth is refused with a clear message', async () => {
      const { groupId } = await region(8);
      const group = await getGroup(groupId, staff);
      expect(group.body.group).toMatchObject({ kind: 'advisory_group', cap: 8, memberCount: 8 });

      const error = expectError(await invite(groupId, `ninth.${randomUUID()}@city.example`), 409, 'group_full');
      expect(error.message).toMatch(/full/i);
      expect(error.message).toContain('8');
      expect(await server.app.models.Invitation.countDocuments({ groupId })).toBe(0);
    });

    it('when the group fills up before an invitation is accepted, accepting is refused and the link stays usable', async () => {
      const { groupId, people } = await region(7);
      const emails = [`first.${randomUUID()}@city.example`, `second.${randomUUID()}@city.example`];
      const links = [];
      for (const email of emails) {
        const res = await invite(groupId, email);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        links.push(res.body.link);
      }
      // the first acceptance takes the last seat
      const first = await api(server.url, 'POST', `/api/invitations/${tokenOf(links[0]!)}/accept`, {
        body: { name: 'Nour Saleh', password: PASSWORD, language: 'ar' },
      });
      expect(first.status, JSON.stringify(first.body)).toBe(200);

      const body = { name: 'Omar Farouk', password: PASSWORD, language: 'en' };
      const path = `/api/invitations/${tokenOf(links[1]!)}/accept`;
      const refused = await api(server.url, 'POST', path, { body });
      expect(expectError(refused, 409, 'group_full').message).toMatch(/full/i);
      expect(refused.cookie).toBeUndefined();
      expect(await server.app.models.User.exists({ email: emails[1] })).toBeNull();
      expect((await api(server.url, 'GET', `/api/invitations/${tokenOf(links[1]!)}`)).status).toBe(200);

      // a seat frees up: the same link, used the same way, now works
      const removed = await api(server.url, 'DELETE', `/api/groups/${groupId}/members/${people[0]!.id}`, {
        cookie: cookies.get(admin),
      });
      expect(removed.status).toBe(204);
      const accepted = await api(server.url, 'POST', path, { body });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      expect(accepted.cookie).toBeDefined();
      expect((await getGroup(groupId, admin)).body.group.memberCount).toBe(8);
    });

    it('only an admin changes a cap, and never below the number of members', async () => {
      const { groupId } = await region(5);
      const patch = (by: BuiltUser, body: unknown) =>
        api<{ group: GroupSummary }>(server.url, 'PATCH', `/api/groups/${groupId}`, { cookie: cookies.get(by), body });

      expectError(await patch(staff, { cap: 12 }), 403, 'forbidden');
      const renamed = await patch(staff, { name: 'MENA Regional Advisory Group 2026' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.group.cap).toBe(8);

      const raised = await patch(admin, { cap: 12 });
      expect(raised.status).toBe(200);
      expect(raised.body.group).toMatchObject({ cap: 12, memberCount: 5 });
      expect((await getGroup(groupId, staff)).body.group.cap).toBe(12);

      const lowered = expectError(await patch(admin, { cap: 4 }), 409, 'conflict');
      expect(lowered.message).toContain('5');
      expect((await getGroup(groupId, admin)).body.group.cap).toBe(12);
      expect((await patch(admin, { cap: 5 })).status).toBe(200);
    });

    it('a region has one regional advisory group', async () => {
      const hub = await server.app.models.Hub.create({ slug: `sa-${randomUUID().slice(0, 8)}`, name: 'South Asia' });
      const create = (by: BuiltUser, hubId: string) =>
        api<{ group: GroupSummary }>(server.url, 'POST', '/api/groups', {
          cookie: cookies.get(by),
          body: { name: 'South Asia Regional Advisory Group', kind: 'advisory_group', hubId },
        });
      const created = await create(admin, String(hub._id));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.group).toMatchObject({ kind: 'advisory_group', cap: 8, memberCount: 0 });
      expectError(await create(admin, String(hub._id)), 409, 'conflict');

      const { hubId } = await region(0);
      expectError(await create(staff, hubId), 409, 'conflict');
      expect(await server.app.models.Group.countDocuments({ kind: 'advisory_group', hubId })).toBe(1);
    });
  });

  describe('the directory', () => {
    it('shows a member the people they share a group with, an admin everyone, and regions and cities to all', async () => {
      const m = server.app.models;
      const hub = await m.Hub.create({ slug: `wb-${randomUUID().slice(0, 8)}`, name: 'Western Balkans' });
      const city = await m.City.create({
        name: 'Куманово',
        nameLatin: 'Kumanovo',
        country: 'North Macedonia',
        hubId: hub._id,
      });
      const [member, colleague, observer, stranger, loner] = await Promise.all([
        buildUser(m, { name: 'Marko Petrović' }),
        buildUser(m, { name: 'Amina Haddad' }),
        buildUser(m, { name: 'Youssef Benali' }),
        buildUser(m, { name: 'Lena Outsider' }),
        buildUser(m, { name: 'Sara Wanjiru' }),
      ]);
      await buildRoom(m, [
        { user: member, role: 'member' },
        { user: colleague, role: 'chair' },
        { user: observer, role: 'observer' },
      ]);
      await buildRoom(m, [{ user: stranger, role: 'member' }]);

      const directory = async (user: BuiltUser | null) =>
        api<DirectoryView>(server.url, 'GET', '/api/directory', {
          cookie: user ? await login(server.url, user) : undefined,
        });
      const names = (view: DirectoryView) => view.people.map((p) => p.name).sort();

      const seenByMember = await directory(member);
      expect(seenByMember.status).toBe(200);
      expect(names(seenByMember.body)).toEqual(['Amina Haddad', 'Marko Petrović', 'Youssef Benali']);
      expect(seenByMember.body.hubs.map((h) => h.id)).toContain(String(hub._id));
      expect(seenByMember.body.cities).toContainEqual(
        expect.objectContaining({ id: String(city._id), name: 'Куманово', nameLatin: 'Kumanovo' }),
      );

      const seenByLoner = await directory(loner);
      expect(names(seenByLoner.body)).toEqual(['Sara Wanjiru']);
      expect(seenByLoner.body.cities.map((c) => c.id)).toContain(String(city._id));

      const seenByAdmin = names((await directory(admin)).body);
      for (const person of [member, colleague, observer, stranger, loner, staff, admin]) {
        expect(seenByAdmin).toContain(person.name);
      }
      expectError(await directory(null), 401, 'unauthenticated');
    });
  });
});
