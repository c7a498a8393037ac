import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.js';
import type { AuditEntryView } from '../../shared/schemas/audit.js';
import type { ErasureRequestView, IssuedPasswordReset } from '../../shared/schemas/accounts.js';
import type { Me } from '../../shared/schemas/auth.js';
import type { MessagePage, MessageView, SearchHit, SearchPage } from '../../shared/schemas/threads.js';
import { api, expectError, tokenOf } from '../helpers/api.js';
import { connectSocket, login, request, type ClientSocket } from '../helpers/clients.js';
import { buildRoom, buildUser, TEST_PASSWORD, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

const NEW_PASSWORD = 'cedar forest above the old town';

interface Export {
  profile: { id: string; email: string; name: string; language: string };
  memberships: { groupId: string; role: string }[];
  messages: { id: string; roomId: string; body: string }[];
}

describe('accounts: password resets, export and deletion', () => {
  let server: TestServer;
  let admin: BuiltUser;
  let chair: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    ({ admin, chair } = await signInPeople(
      server,
      { admin: { name: 'Ana Admin', isAdmin: true }, chair: 'Amina Haddad' },
      cookies,
    ));
  });
  afterAll(() => server?.close());

  const signIn = (user: Pick<BuiltUser, 'email'>, password: string) =>
    api<{ user: Me }>(server.url, 'POST', '/api/auth/login', { body: { email: user.email, password } });

  async function connect(cookie: string | undefined): Promise<ClientSocket> {
    const socket = await connectSocket(server.url, cookie);
    defer(() => socket.disconnect());
    return socket;
  }

  async function post(socket: ClientSocket, roomId: string, body: string): Promise<MessageView> {
    const ack = (await request(socket, 'thread:post', { roomId, body, clientId: randomUUID() })) as Ack<MessageView>;
    if (!ack.ok) throw new Error(`post refused: ${ack.error.code}`);
    return ack.data;
  }

  async function history(roomId: string): Promise<MessageView[]> {
    const socket = await connect(cookies.get(chair));
    const ack = (await request(socket, 'thread:history', { roomId })) as Ack<MessagePage>;
    if (!ack.ok) throw new Error(`history refused: ${ack.error.code}`);
    return ack.data.messages;
  }

  async function search(roomId: string, q: string): Promise<SearchHit[]> {
    const socket = await connect(cookies.get(chair));
    const ack = (await request(socket, 'thread:search', { roomId, q })) as Ack<SearchPage>;
    if (!ack.ok) throw new Error(`search refused: ${ack.error.code}`);
    return ack.data.hits;
  }

  /** A member of a room with the chair, who has written in its thread in Arabic and English. */
  async function memberWhoWrote() {
    const member = await buildUser(server.app.models, { name: 'Nour Saleh', language: 'ar' });
    const { roomId, groupId } = await buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
    ]);
    const cookie = await login(server.url, member);
    const socket = await connect(cookie);
    const bodies = ['مجالس الشباب في البلديات', 'Youth councils in every municipality'];
    for (const body of bodies) await post(socket, roomId, body);
    await post(await connect(cookies.get(chair)), roomId, 'Agreed, let us draft it.');
    return { member, cookie, roomId, groupId, bodies };
  }

  describe('password reset by an admin', () => {
    it('lets the person choose a new password once, and ends their existing sessions', async () => {
      const person = await buildUser(server.app.models, { name: 'Marko Petrović' });
      const session = await login(server.url, person);
      const socket = await connect(session);
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      const issued = await api<IssuedPasswordReset>(server.url, 'POST', `/api/users/${person.id}/password-reset`, {
        cookie: cookies.get(admin),
      });
      expect(issued.status).toBe(201);
      expect(issued.body.link).toMatch(new RegExp(`^${server.url}/reset/[A-Za-z0-9_-]{40,}$`));
      expect(new Date(issued.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
      const token = tokenOf(issued.body.link);
      const stored = await server.app.models.PasswordReset.findOne({ userId: person.id }).lean();
      expect(JSON.stringify(stored)).not.toContain(token);

      const reset = (password: string) =>
        api(server.url, 'POST', `/api/password-resets/${token}`, { body: { password } });
      expectError(await reset('password1234'), 400, 'weak_password');
      expect((await signIn(person, TEST_PASSWORD)).status).toBe(200);

      expect((await reset(NEW_PASSWORD)).status).toBe(204);
      expectError(await signIn(person, TEST_PASSWORD), 401, 'invalid_credentials');
      expect((await signIn(person, NEW_PASSWORD)).status).toBe(200);
      expectError(await api(server.url, 'GET', '/api/me', { cookie: session }), 401, 'unauthenticated');
      expect(await disconnected).toBe('io server disconnect');

      expectError(await reset('yet another long passphrase'), 410, 'invitation_invalid');
      expect((await signIn(person, NEW_PASSWORD)).status).toBe(200);
    });
  });

  describe("a person's own data", () => {
    it('the export holds their profile, memberships and messages, and nobody else’s', async () => {
      const { member, cookie, groupId, bodies } = await memberWhoWrote();
      const res = await fetch(`${server.url}/api/me/export`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="roundtable-export-.+\.json"$/);
      const data = (await res.json()) as Export;
      expect(data.profile).toMatchObject({ id: member.id, email: member.email, name: 'Nour Saleh', language: 'ar' });
      expect(data.memberships).toEqual([expect.objectContaining({ groupId, role: 'member' })]);
      expect(data.messages.map((m) => m.body)).toEqual(bodies);
    });

    it('deleting the account needs the password; nothing changes with a wrong one', async () => {
      const { member, cookie, roomId, bodies } = await memberWhoWrote();
      const res = await api(server.url, 'POST', '/api/me/delete', { cookie, body: { password: 'not my password' } });
      expectError(res, 403, 'forbidden');
      expect((await api(server.url, 'GET', '/api/me', { cookie })).status).toBe(200);
      expect((await signIn(member, TEST_PASSWORD)).status).toBe(200);
      const mine = (await history(roomId)).filter((m) => m.author.id === member.id);
      expect(mine.map((m) => m.author.name)).toEqual(['Nour Saleh', 'Nour Saleh']);
      expect(mine.map((m) => m.body).sort()).toEqual([...bodies].sort());
    });

    it('guessing the password through account deletion is limited like sign-in', async () => {
      const { member, cookie } = await memberWhoWrote();
      for (let i = 0; i < server.config.login.maxFailuresPerAccount; i++) {
        const wrong = await api(server.url, 'POST', '/api/me/delete', { cookie, body: { password: `guess ${i}` } });
        expectError(wrong, 403, 'forbidden');
      }
      const limited = await api(server.url, 'POST', '/api/me/delete', { cookie, body: { password: TEST_PASSWORD } });
      expectError(limited, 429, 'rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await signIn(member, TEST_PASSWORD)).status).toBe(200);
    });

    it('a deleted account cannot sign in, and its messages stay in the thread without a name', async () => {
      const { member, cookie, roomId, bodies, groupId } = await memberWhoWrote();
      const socket = await connect(cookie);
      const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

      const res = await api(server.url, 'POST', '/api/me/delete', { cookie, body: { password: TEST_PASSWORD } });
      expect(res.status).toBe(204);
      expect(await disconnected).toBe('io server disconnect');
      expectError(await signIn(member, TEST_PASSWORD), 401, 'invalid_credentials');
      expectError(await api(server.url, 'GET', '/api/me', { cookie }), 401, 'unauthenticated');

      const messages = await history(roomId);
      const former = messages.filter((m) => m.author.id === member.id);
      expect(former.map((m) => m.body).sort()).toEqual([...bodies].sort());
      expect(former.every((m) => m.author.name === '')).toBe(true);
      expect(messages.find((m) => m.author.id === chair.id)?.author.name).toBe('Amina Haddad');
      // search still finds what they wrote, without their name
      expect((await search(roomId, 'youth councils')).map((h) => h.author)).toEqual([{ id: member.id, name: '' }]);
      const requests = await api<{ requests: ErasureRequestView[] }>(server.url, 'GET', '/api/erasure-requests', {
        cookie: cookies.get(admin),
      });
      expect(requests.body.requests.map((r) => r.userId)).not.toContain(member.id);
      const audit = await api<{ entries: AuditEntryView[] }>(server.url, 'GET', `/api/groups/${groupId}/audit`, {
        cookie: cookies.get(admin),
      });
      expect(audit.body.entries[0]).toMatchObject({
        action: 'membership.removed',
        target: { id: member.id, name: 'Nour Saleh' },
        details: { reason: 'account deleted' },
      });
    });

    it('with erasure asked for, an admin erases the messages and the audit log records it', async () => {
      const { member, cookie, roomId } = await memberWhoWrote();
      const res = await api(server.url, 'POST', '/api/me/delete', {
        cookie,
        body: { password: TEST_PASSWORD, erase: true },
      });
      expect(res.status).toBe(204);

      const requests = () =>
        api<{ requests: ErasureRequestView[] }>(server.url, 'GET', '/api/erasure-requests', {
          cookie: cookies.get(admin),
        });
      expect((await requests()).body.requests).toContainEqual(
        expect.objectContaining({ userId: member.id, name: 'Nour Saleh', email: member.email, completedAt: null }),
      );
      expectError(
        await api(server.url, 'GET', '/api/erasure-requests', { cookie: cookies.get(chair) }),
        403,
        'forbidden',
      );
      expectError(
        await api(server.url, 'POST', `/api/users/${member.id}/erase`, { cookie: cookies.get(chair) }),
        403,
        'forbidden',
      );
      expect((await history(roomId)).filter((m) => m.author.id === member.id)).toHaveLength(2);

      const erased = await api<{ messages: number }>(server.url, 'POST', `/api/users/${member.id}/erase`, {
        cookie: cookies.get(admin),
      });
      expect(erased.status).toBe(200);
      expect(erased.body.messages).toBe(2);
      const remaining = await history(roomId);
      expect(remaining.filter((m) => m.author.id === member.id)).toEqual([]);
      expect(remaining.map((m) => m.body)).toContain('Agreed, let us draft it.');
      // and search no longer finds them
      expect(await search(roomId, 'youth councils')).toEqual([]);
      expect((await search(roomId, 'draft')).map((h) => h.body)).toEqual(['Agreed, let us draft it.']);
      const done = (await requests()).body.requests.find((r) => r.userId === member.id);
      expect(done?.completedAt).toEqual(expect.any(String));

      const audit = await api<{ entries: AuditEntryView[] }>(server.url, 'GET', '/api/audit', {
        cookie: cookies.get(admin),
      });
      const actions = audit.body.entries.filter((e) => e.target?.id === member.id).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['account.deleted', 'account.erasure_requested', 'account.erased']),
      );
      expect(audit.body.entries.find((e) => e.action === 'account.erased' && e.target?.id === member.id)).toMatchObject(
        {
          actor: { id: admin.id, name: 'Ana Admin' },
          details: { messages: 2 },
        },
      );
      expectError(
        await api(server.url, 'POST', `/api/users/${member.id}/erase`, { cookie: cookies.get(admin) }),
        404,
        'not_found',
      );
    });
  });
});
