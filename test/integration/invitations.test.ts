import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/errors.js';
import type { Me } from '../../shared/schemas/auth.js';
import type {
  AcceptedInvitation,
  CreatedInvitation,
  InvitationPreview,
  InvitationView,
} from '../../shared/schemas/invitations.js';
import type { GroupView, MembershipRole } from '../../shared/schemas/network.js';
import type { RoomView } from '../../shared/schemas/rooms.js';
import type { MessageView } from '../../shared/schemas/threads.js';
import { api, expectError, tokenOf } from '../helpers/api.js';
import { connectSocket, eventually, login, request, waitForSync } from '../helpers/clients.js';
import { openProvider, storedDoc } from '../helpers/collab.js';
import { buildUser, type BuiltUser } from '../helpers/factories.js';
import { startMailbox } from '../helpers/mailbox.js';
import { openCountingProvider } from '../helpers/savedMarker.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';

type Accepted = AcceptedInvitation & { user: Me };

const STRONG_PASSWORD = 'olive trees along the harbour wall';
const newEmail = (local = 'invitee') => `${local}.${randomUUID().slice(0, 8)}@city.example`;

describe('invitations into a group or a roundtable', () => {
  let server: TestServer;
  let admin: BuiltUser;
  let staff: BuiltUser;
  let chair: BuiltUser;
  let existing: BuiltUser;
  let groupId: string;
  let firstRoomId: string;
  let secondRoomId: string;
  let documentName: string;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    const m = server.app.models;
    [admin, staff, chair, existing] = await Promise.all([
      buildUser(m, { name: 'Ana Admin', isAdmin: true }),
      buildUser(m, { name: 'Dina Kovačević' }),
      buildUser(m, { name: 'Amina Haddad' }),
      buildUser(m, { name: 'Marko Petrović' }),
    ]);
    const hub = await m.Hub.create({ slug: 'western-balkans', name: 'Western Balkans' });
    const [team, group] = await m.Group.create([
      { name: 'Western Balkans hub team', kind: 'hub_team', hubId: hub._id },
      { name: 'Western Balkans youth working group', kind: 'working_group', hubId: hub._id },
    ]);
    groupId = String(group!._id);
    await m.Membership.create([
      { groupId: team!._id, userId: staff.id, role: 'member' },
      { groupId: group!._id, userId: chair.id, role: 'chair' },
    ]);
    const rooms = await m.Room.create([
      {
        title: 'Youth councils roundtable',
        groupId: group!._id,
        hubId: hub._id,
        languages: ['en', 'ar'],
        documentName: `room-${randomUUID()}`,
        createdAt: new Date(Date.now() - 60_000),
      },
      {
        title: 'Follow-up: school outreach',
        groupId: group!._id,
        hubId: hub._id,
        languages: ['en'],
        documentName: `room-${randomUUID()}`,
      },
    ]);
    firstRoomId = String(rooms[0]!._id);
    secondRoomId = String(rooms[1]!._id);
    documentName = rooms[0]!.documentName;
    for (const user of [admin, staff, chair, existing]) cookies.set(user, await login(server.url, user));
  });
  afterAll(() => server?.close());

  function invite(by: BuiltUser, email: string, role: MembershipRole = 'member') {
    return api<CreatedInvitation>(server.url, 'POST', `/api/groups/${groupId}/invitations`, {
      cookie: cookies.get(by),
      body: { email, role },
    });
  }

  function accept(token: string, body: Record<string, unknown>, cookie?: string) {
    return api<Accepted>(server.url, 'POST', `/api/invitations/${token}/accept`, { cookie, body });
  }

  const preview = (token: string) =>
    api<{ invitation: InvitationPreview }>(server.url, 'GET', `/api/invitations/${token}`);

  it('hub staff invite by email: the one-time link is shown when no email is sent, and only its hash is stored', async () => {
    const email = newEmail('sara.wanjiru');
    const res = await invite(staff, email, 'member');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.emailed).toBe(false);
    expect(res.body.link).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{40,}$`));
    expect(res.body.invitation).toMatchObject({
      email,
      role: 'member',
      status: 'pending',
      invitedBy: staff.name,
      group: { id: groupId, name: 'Western Balkans youth working group' },
      room: null,
    });

    const token = tokenOf(res.body.link);
    const db = server.app.db.connection.db!;
    const stored = await server.app.models.Invitation.findById(res.body.invitation.id).lean();
    expect(stored?.tokenHash).toBeTruthy();
    expect(stored?.tokenHash).not.toBe(token);
    for (const { name } of await db.listCollections().toArray()) {
      const docs = await db.collection(name).find().toArray();
      expect(JSON.stringify(docs), `collection ${name}`).not.toContain(token);
    }
  });

  it('accepting creates the account in the chosen language, signs the person in and grants the invited role', async () => {
    const email = newEmail('leila.haddad');
    const created = await invite(admin, email, 'chair');
    expect(created.status).toBe(201);
    const token = tokenOf(created.body.link);

    const seen = await preview(token);
    expect(seen.status).toBe(200);
    expect(seen.body.invitation).toMatchObject({
      email,
      role: 'chair',
      invitedBy: admin.name,
      accountExists: false,
      group: { id: groupId },
    });

    const res = await accept(token, { name: 'Leila Haddad', password: STRONG_PASSWORD, language: 'ar' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      roomId: firstRoomId,
      groupId,
      user: { email, name: 'Leila Haddad', language: 'ar' },
    });
    expect(res.cookie).toBeDefined();

    const me = await api<{ user: Me }>(server.url, 'GET', '/api/me', { cookie: res.cookie });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email, name: 'Leila Haddad', language: 'ar' });
    const group = await api<{ group: GroupView }>(server.url, 'GET', `/api/groups/${groupId}`, { cookie: res.cookie });
    expect(group.status).toBe(200);
    expect(group.body.group.members).toContainEqual(expect.objectContaining({ id: me.body.user.id, role: 'chair' }));
    // the password chosen works for signing in later
    await login(server.url, { email, password: STRONG_PASSWORD });

    expectError(await accept(token, { name: 'Someone Else', password: STRONG_PASSWORD }), 410, 'invitation_invalid');
    expectError(await preview(token), 410, 'invitation_invalid');
    expect(await server.app.models.User.countDocuments({ email })).toBe(1);
  });

  it('a revoked link and an expired link are refused with 410, and nobody gets an account from them', async () => {
    const revokedEmail = newEmail('revoked');
    const revoked = await invite(admin, revokedEmail);
    expect(
      (
        await api(server.url, 'DELETE', `/api/invitations/${revoked.body.invitation.id}`, {
          cookie: cookies.get(admin),
        })
      ).status,
    ).toBe(204);

    const expiredEmail = newEmail('expired');
    const expired = await invite(admin, expiredEmail);
    await server.app.models.Invitation.updateOne(
      { _id: expired.body.invitation.id },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );

    for (const { body } of [revoked, expired]) {
      const token = tokenOf(body.link);
      expectError(await preview(token), 410, 'invitation_invalid');
      expectError(
        await accept(token, { name: 'Late Comer', password: STRONG_PASSWORD, language: 'en' }),
        410,
        'invitation_invalid',
      );
    }
    expect(await server.app.models.User.exists({ email: { $in: [revokedEmail, expiredEmail] } })).toBeNull();

    const list = await api<{ invitations: InvitationView[] }>(server.url, 'GET', `/api/groups/${groupId}/invitations`, {
      cookie: cookies.get(admin),
    });
    const statusOf = (id: string) => list.body.invitations.find((i) => i.id === id)?.status;
    expect(statusOf(revoked.body.invitation.id)).toBe('revoked');
    expect(statusOf(expired.body.invitation.id)).toBe('expired');
  });

  it('refuses a weak password with weak_password, creates no account and leaves the link usable', async () => {
    const email = newEmail('youssef');
    const token = tokenOf((await invite(staff, email)).body.link);
    const local = email.split('@')[0]!;
    for (const password of ['short pass', 'password1234', 'PASSWORD1234', `${local}-2026!`]) {
      const error = expectError(
        await accept(token, { name: 'Youssef Benali', password, language: 'en' }),
        400,
        'weak_password',
      );
      expect(error.message.length).toBeGreaterThan(0);
      expect(await server.app.models.User.exists({ email }), password).toBeNull();
    }
    expect((await preview(token)).status).toBe(200);
    const res = await accept(token, { name: 'Youssef Benali', password: STRONG_PASSWORD, language: 'en' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('an invitation for an existing account is accepted only while signed in as that person', async () => {
    const created = await invite(staff, existing.email, 'observer');
    expect(created.status).toBe(201);
    const token = tokenOf(created.body.link);
    expect((await preview(token)).body.invitation.accountExists).toBe(true);

    expectError(await accept(token, {}), 401, 'unauthenticated');
    expectError(await accept(token, {}, cookies.get(chair)), 401, 'unauthenticated');
    // a name and password do not stand in for signing in
    expectError(await accept(token, { name: 'Impostor', password: STRONG_PASSWORD }), 401, 'unauthenticated');
    expect(await server.app.models.Membership.exists({ groupId, userId: existing.id })).toBeNull();

    const res = await accept(token, {}, cookies.get(existing));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ groupId, roomId: firstRoomId, user: { id: existing.id } });
    expect(res.cookie).toBeDefined();
    cookies.set(existing, res.cookie!);
    const membership = await server.app.models.Membership.findOne({ groupId, userId: existing.id }).lean();
    expect(membership?.role).toBe('observer');
    expect(await server.app.models.User.countDocuments({ email: existing.email })).toBe(1);
  });

  it('a roundtable guest reads and comments in that room only; their document edits go nowhere', async () => {
    const email = newEmail('guest');
    const created = await api<CreatedInvitation>(server.url, 'POST', `/api/rooms/${firstRoomId}/invitations`, {
      cookie: cookies.get(staff),
      body: { email },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.invitation).toMatchObject({ role: 'guest', group: null, room: { id: firstRoomId } });
    const accepted = await accept(tokenOf(created.body.link), {
      name: 'Guest Speaker',
      password: STRONG_PASSWORD,
      language: 'en',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ roomId: firstRoomId, groupId: null });
    const guest = accepted.cookie!;

    const room = await api<{ room: RoomView }>(server.url, 'GET', `/api/rooms/${firstRoomId}`, { cookie: guest });
    expect(room.status).toBe(200);
    expect(room.body.room).toMatchObject({ abilities: { comment: true, edit: false } });
    expectError(await api(server.url, 'GET', `/api/groups/${groupId}`, { cookie: guest }), 404, 'not_found');
    expectError(await api(server.url, 'GET', `/api/rooms/${secondRoomId}`, { cookie: guest }), 404, 'not_found');

    const guestSocket = await connectSocket(server.url, guest);
    defer(() => guestSocket.disconnect());
    const chairSocket = await connectSocket(server.url, cookies.get(chair));
    defer(() => chairSocket.disconnect());
    const heard: MessageView[] = [];
    chairSocket.on('thread:posted', (m) => heard.push(m));
    expect(await request(chairSocket, 'room:join', { roomId: firstRoomId })).toMatchObject({ ok: true });
    expect(await request(guestSocket, 'room:join', { roomId: firstRoomId })).toMatchObject({ ok: true });
    const body = 'Thank you for having me — شكراً على الاستضافة';
    const posted = (await request(guestSocket, 'thread:post', {
      roomId: firstRoomId,
      body,
      clientId: randomUUID(),
    })) as Ack<MessageView>;
    expect(posted).toMatchObject({ ok: true, data: { body, author: { name: 'Guest Speaker' } } });
    await eventually(() => expect(heard.map((m) => m.body)).toContain(body));

    const witness = openProvider(defer, server.url, documentName, cookies.get(chair));
    const reader = openCountingProvider(defer, server.url, documentName, guest);
    await Promise.all([waitForSync(witness.provider), waitForSync(reader.provider)]);
    const markers = reader.markers();
    reader.doc.getText('t').insert(0, 'GUEST EDIT');
    // handled (a saved marker came back), but not reported as saved: it was dropped
    await eventually(() => expect(reader.markers()).toBeGreaterThan(markers));
    expect(reader.counts().saved).toBeLessThan(reader.counts().sent);
    witness.doc.getText('t').insert(0, 'Agenda');
    await eventually(() => expect(reader.doc.getText('t').toString()).toContain('Agenda'));
    expect(witness.doc.getText('t').toString()).toBe('Agenda');
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe('Agenda');
  });
});

describe('invitations by email', () => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let server: TestServer;

  beforeAll(async () => {
    mailbox = await startMailbox();
    server = await startServer({ smtpUrl: mailbox.url });
  });
  afterAll(async () => {
    await server?.close();
    await mailbox?.close();
  });

  it('sends the one-time link to the invited address when SMTP is configured', async () => {
    const m = server.app.models;
    const admin = await buildUser(m, { name: 'Ana Admin', isAdmin: true });
    const group = await m.Group.create({ name: 'Steering Committee', kind: 'steering_committee' });
    const email = newEmail('mayor');
    const res = await api<CreatedInvitation>(server.url, 'POST', `/api/groups/${String(group._id)}/invitations`, {
      cookie: await login(server.url, admin),
      body: { email, role: 'member' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.emailed).toBe(true);
    await eventually(() => expect(mailbox.received.map((mail) => mail.to)).toContainEqual([email]));
    const mail = mailbox.received.find((r) => r.to.includes(email))!;
    expect(mail.body).toContain(res.body.link);
    expect(mail.body).toContain('Ana Admin invited you');
    // the link in the mail opens the invitation
    expect((await api(server.url, 'GET', `/api/invitations/${tokenOf(res.body.link)}`)).status).toBe(200);
  });

  it('writes to a newcomer in the inviter’s language, and to an account holder in their own', async () => {
    const m = server.app.models;
    const admin = await buildUser(m, { name: 'Amira Admin', isAdmin: true, language: 'ar' });
    const cookie = await login(server.url, admin);
    const group = await m.Group.create({ name: 'MENA Regional Advisory Group', kind: 'advisory_group' });
    const newcomer = newEmail('newcomer');
    const member = await buildUser(m, { language: 'sq' });
    for (const email of [newcomer, member.email]) {
      const res = await api<CreatedInvitation>(server.url, 'POST', `/api/groups/${String(group._id)}/invitations`, {
        cookie,
        body: { email, role: 'member' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    await eventually(() => expect(mailbox.received.map((mail) => mail.to)).toContainEqual([member.email]));
    await eventually(() => expect(mailbox.received.map((mail) => mail.to)).toContainEqual([newcomer]));
    const arabic = mailbox.received.find((r) => r.to.includes(newcomer))!.body;
    expect(arabic).toContain('دعاك Amira Admin إلى المجموعة «MENA Regional Advisory Group»');
    expect(arabic).toContain('خلال 7 أيام');
    const albanian = mailbox.received.find((r) => r.to.includes(member.email))!.body;
    expect(albanian).toContain('Amira Admin ju ftoi në grupin “MENA Regional Advisory Group”');
    expect(albanian).toContain('brenda 7 ditëve');
  });
});
