import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, tokenOf } from '../helpers/api.js';
import { eventually, login, upgradeStatus } from '../helpers/clients.js';
import { buildRoom, buildUser, TEST_PASSWORD, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * The sync endpoint remembers sessions and standings between upgrades (joins are
 * cheap); these prove that what it remembers never lets in a session or a person
 * whose access ended. Each test first opens the document (filling what is
 * remembered), then ends the access, then upgrades again at once.
 */
describe('the sync endpoint never admits on remembered access that ended', () => {
  let server: TestServer;
  let admin: BuiltUser;
  let adminCookie: string;

  beforeAll(async () => {
    server = await startServer({ sessionCheckMs: 100 });
    admin = await buildUser(server.app.models, { name: 'Ana Admin', isAdmin: true });
    adminCookie = await login(server.url, admin);
  });
  afterAll(() => server?.close());

  /** A member of a fresh room, signed in twice (two browsers), who has opened its document with both. */
  async function memberInRoom() {
    const member = await buildUser(server.app.models, { name: 'Marko Petrović' });
    const room = await buildRoom(server.app.models, [{ user: member, role: 'member' }]);
    const laptop = await login(server.url, member);
    const phone = await login(server.url, member);
    for (const cookie of [laptop, phone]) {
      // twice: the second upgrade is answered from what the first one left behind
      expect(await upgradeStatus(server.url, room.documentName, cookie)).toBe(101);
      expect(await upgradeStatus(server.url, room.documentName, cookie)).toBe(101);
    }
    return { member, laptop, phone, ...room };
  }

  it('a signed-out session is refused at once', async () => {
    const { laptop, phone, documentName } = await memberInRoom();
    expect((await api(server.url, 'POST', '/api/auth/logout', { cookie: laptop })).status).toBe(204);
    expect(await upgradeStatus(server.url, documentName, laptop)).toBe(401);
    expect(await upgradeStatus(server.url, documentName, phone)).toBe(101);
  });

  it('signing out everywhere refuses every session of the person at once', async () => {
    const { laptop, phone, documentName } = await memberInRoom();
    expect((await api(server.url, 'POST', '/api/auth/logout-everywhere', { cookie: laptop })).status).toBe(204);
    expect(await upgradeStatus(server.url, documentName, phone)).toBe(401);
    expect(await upgradeStatus(server.url, documentName, laptop)).toBe(401);
  });

  it('a new password refuses the other sessions at once, not this one', async () => {
    const { laptop, phone, documentName } = await memberInRoom();
    const changed = await api(server.url, 'POST', '/api/me/password', {
      cookie: laptop,
      body: { current: TEST_PASSWORD, password: 'a different long passphrase 2026' },
    });
    expect(changed.status).toBe(204);
    expect(await upgradeStatus(server.url, documentName, phone)).toBe(401);
    expect(await upgradeStatus(server.url, documentName, laptop)).toBe(101);
  });

  it('a member removed from the group is refused at once, on every session', async () => {
    const { member, laptop, phone, groupId, documentName } = await memberInRoom();
    const removed = await api(server.url, 'DELETE', `/api/groups/${groupId}/members/${member.id}`, {
      cookie: adminCookie,
    });
    expect(removed.status).toBe(204);
    expect(await upgradeStatus(server.url, documentName, laptop)).toBe(404);
    expect(await upgradeStatus(server.url, documentName, phone)).toBe(404);
  });

  it('a member added to a group gets in at once, after having been refused', async () => {
    const person = await buildUser(server.app.models, { name: 'Leila Mansour' });
    const { groupId, documentName } = await buildRoom(server.app.models, []);
    const cookie = await login(server.url, person);
    expect(await upgradeStatus(server.url, documentName, cookie)).toBe(404);
    const invited = await api<{ link: string }>(server.url, 'POST', `/api/groups/${groupId}/invitations`, {
      cookie: adminCookie,
      body: { email: person.email, role: 'member' },
    });
    expect(invited.status).toBe(201);
    const accepted = await api(server.url, 'POST', `/api/invitations/${tokenOf(invited.body.link)}/accept`, {
      cookie,
      body: {},
    });
    expect(accepted.status).toBe(200);
    // accepting signs the person in afresh (a new session, as after any role change)
    expect(await upgradeStatus(server.url, documentName, accepted.cookie ?? cookie)).toBe(101);
  });

  it('a deleted account is refused at once', async () => {
    const { laptop, phone, documentName } = await memberInRoom();
    const deleted = await api(server.url, 'POST', '/api/me/delete', {
      cookie: laptop,
      body: { password: TEST_PASSWORD, erase: false },
    });
    expect(deleted.status).toBe(204);
    expect(await upgradeStatus(server.url, documentName, phone)).toBe(401);
    expect(await upgradeStatus(server.url, documentName, laptop)).toBe(401);
  });

  it('sessions ended behind the server’s back are refused within the session check', async () => {
    const { member, laptop, documentName } = await memberInRoom();
    await server.app.models.Session.deleteMany({ userId: member.id });
    await eventually(async () => expect(await upgradeStatus(server.url, documentName, laptop)).toBe(401), 2000);
  });
});

describe('a session the page has just asked for', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  it('lets the document connect without reading the session again', async () => {
    const member = await buildUser(server.app.models, { name: 'Amina Haddad' });
    const room = await buildRoom(server.app.models, [{ user: member, role: 'member' }]);
    const cookie = await login(server.url, member);
    // what every page does first (index.html preloads it)
    expect((await api(server.url, 'GET', '/api/auth/session', { cookie })).status).toBe(200);
    const find = vi.spyOn(server.app.models.Session, 'find');
    try {
      expect(await upgradeStatus(server.url, room.documentName, cookie)).toBe(101);
      expect(find).not.toHaveBeenCalled();
    } finally {
      find.mockRestore();
    }
    // and what it remembers still ends with the session
    expect((await api(server.url, 'POST', '/api/auth/logout', { cookie })).status).toBe(204);
    expect(await upgradeStatus(server.url, room.documentName, cookie)).toBe(401);
  });
});

describe('a room read for one upgrade', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.close());

  it('answers the next upgrades to its document; a room not found is looked for again', async () => {
    const member = await buildUser(server.app.models, { name: 'Fatuma Wanjiku' });
    const room = await buildRoom(server.app.models, [{ user: member, role: 'member' }]);
    const cookie = await login(server.url, member);
    expect(await upgradeStatus(server.url, room.documentName, cookie)).toBe(101);
    const find = vi.spyOn(server.app.models.Room, 'find');
    try {
      // everyone arriving for the roundtable's start
      for (let i = 0; i < 3; i++) expect(await upgradeStatus(server.url, room.documentName, cookie)).toBe(101);
      expect(find).not.toHaveBeenCalled();
    } finally {
      find.mockRestore();
    }

    // a name no room has yet: refused, and not remembered as missing
    const documentName = `room-${randomUUID()}`;
    expect(await upgradeStatus(server.url, documentName, cookie)).toBe(404);
    await server.app.models.Room.create({
      title: 'Sahel cities roundtable',
      groupId: room.groupId,
      languages: ['fr'],
      documentName,
    });
    expect(await upgradeStatus(server.url, documentName, cookie)).toBe(101);
  });
});
