import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS } from '../../shared/events.js';
import { newToken } from '../../server/auth/tokens.js';
import { REST_RULES, SOCKET_RULES, COLLAB_RULES, type RestRoute } from '../../server/policy/rules.js';
import { connectProvider, connectSocket, eventually, login, request, waitForSync } from '../helpers/clients.js';
import { buildUser, TEST_PASSWORD, type BuiltUser } from '../helpers/factories.js';
import { expected, holds, PERSONAS, ROLES_ON, type Outcome, type Persona } from '../helpers/matrixPersonas.js';
import { buildPlanMatrixWorld, DOCUMENT_PROBES, planFixtures, type PlanMatrixWorld } from '../helpers/planMatrix.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Generated from the policy tables: every persona × every REST route, socket
 * event and Yjs read/write, each expected outcome derived from PERMISSIONS and
 * VISIBILITY (not from the policy code). A route or event missing from the
 * tables, or from the fixtures below, fails this suite.
 */
interface World extends PlanMatrixWorld {
  users: Record<Exclude<Persona, 'anonymous'>, BuiltUser>;
  hubId: string;
  renamableHubId: string;
  cityId: string;
  groupId: string;
  roomId: string;
  documentName: string;
}

interface Fixture {
  /** Builds the request; called once per persona, so it may create what it consumes. */
  build(w: World): Promise<{ path: string; body?: unknown }>;
  /** The call ends or changes the caller's session: use a fresh session (or a throwaway person for signed-in routes). */
  caller?: 'fresh-session' | 'throwaway';
}

let server: TestServer;
let world: World;
const freshEmail = () => `${randomUUID()}@invitee.test`;

const FIXTURES: Record<RestRoute, Fixture> = {
  'GET /api/health': { build: async () => ({ path: '/api/health' }) },
  'POST /api/auth/login': {
    caller: 'fresh-session',
    build: async (w) => ({ path: '/api/auth/login', body: { email: w.users.outsider.email, password: TEST_PASSWORD } }),
  },
  'POST /api/auth/logout': { caller: 'fresh-session', build: async () => ({ path: '/api/auth/logout' }) },
  'POST /api/auth/logout-everywhere': {
    caller: 'throwaway',
    build: async () => ({ path: '/api/auth/logout-everywhere' }),
  },
  'GET /api/me': { build: async () => ({ path: '/api/me' }) },
  'PATCH /api/me': { build: async () => ({ path: '/api/me', body: { title: 'Mayor' } }) },
  'GET /api/me/export': { build: async () => ({ path: '/api/me/export' }) },
  'POST /api/me/delete': {
    caller: 'throwaway',
    build: async () => ({ path: '/api/me/delete', body: { password: TEST_PASSWORD } }),
  },
  'GET /api/rooms': { build: async () => ({ path: '/api/rooms' }) },
  'GET /api/rooms/:id': { build: async (w) => ({ path: `/api/rooms/${w.roomId}` }) },
  'POST /api/rooms/:id/invitations': {
    build: async (w) => ({ path: `/api/rooms/${w.roomId}/invitations`, body: { email: freshEmail() } }),
  },
  'GET /api/directory': { build: async () => ({ path: '/api/directory' }) },
  'POST /api/hubs': {
    build: async () => ({ path: '/api/hubs', body: { name: 'South Asia', slug: `sa-${randomUUID().slice(0, 8)}` } }),
  },
  'PATCH /api/hubs/:id': {
    build: async (w) => ({ path: `/api/hubs/${w.renamableHubId}`, body: { name: 'Southeast Asia' } }),
  },
  'POST /api/cities': {
    build: async (w) => ({
      path: '/api/cities',
      body: { name: 'Тетово', nameLatin: 'Tetovo', country: 'North Macedonia', hubId: w.hubId },
    }),
  },
  'PATCH /api/cities/:id': {
    build: async (w) => ({ path: `/api/cities/${w.cityId}`, body: { country: 'North Macedonia' } }),
  },
  'GET /api/groups': { build: async () => ({ path: '/api/groups' }) },
  'POST /api/groups': {
    build: async (w) => ({
      path: '/api/groups',
      body: { name: `Youth working group ${randomUUID().slice(0, 4)}`, kind: 'working_group', hubId: w.hubId },
    }),
  },
  'GET /api/groups/:id': { build: async (w) => ({ path: `/api/groups/${w.groupId}` }) },
  'PATCH /api/groups/:id': {
    build: async (w) => ({ path: `/api/groups/${w.groupId}`, body: { name: 'Western Balkans working group' } }),
  },
  'PATCH /api/groups/:id/members/:userId': {
    build: async (w) => ({
      path: `/api/groups/${w.groupId}/members/${await freshMember(w)}`,
      body: { role: 'observer' },
    }),
  },
  'DELETE /api/groups/:id/members/:userId': {
    build: async (w) => ({ path: `/api/groups/${w.groupId}/members/${await freshMember(w)}` }),
  },
  'POST /api/groups/:id/rooms': {
    build: async (w) => ({
      path: `/api/groups/${w.groupId}/rooms`,
      body: { title: 'Youth councils roundtable', languages: ['sq', 'mk'] },
    }),
  },
  'GET /api/groups/:id/invitations': { build: async (w) => ({ path: `/api/groups/${w.groupId}/invitations` }) },
  'POST /api/groups/:id/invitations': {
    build: async (w) => ({
      path: `/api/groups/${w.groupId}/invitations`,
      body: { email: freshEmail(), role: 'member' },
    }),
  },
  'DELETE /api/invitations/:id': {
    build: async (w) => ({ path: `/api/invitations/${(await freshInvitation(w)).id}` }),
  },
  'GET /api/invitations/:token': {
    build: async (w) => ({ path: `/api/invitations/${(await freshInvitation(w)).token}` }),
  },
  'POST /api/invitations/:token/accept': {
    caller: 'fresh-session',
    build: async (w) => ({
      path: `/api/invitations/${(await freshInvitation(w)).token}/accept`,
      body: { name: 'Arta Berisha', password: 'a long enough passphrase', language: 'en' },
    }),
  },
  'GET /api/groups/:id/audit': { build: async (w) => ({ path: `/api/groups/${w.groupId}/audit` }) },
  'GET /api/audit': { build: async () => ({ path: '/api/audit' }) },
  'GET /api/users': { build: async () => ({ path: '/api/users' }) },
  'POST /api/users/:id/password-reset': {
    build: async (w) => ({ path: `/api/users/${w.users.outsider.id}/password-reset` }),
  },
  'GET /api/erasure-requests': { build: async () => ({ path: '/api/erasure-requests' }) },
  'POST /api/users/:id/erase': { build: async () => ({ path: `/api/users/${await freshErasureRequest()}/erase` }) },
  'POST /api/password-resets/:token': {
    build: async () => ({
      path: `/api/password-resets/${await freshPasswordReset()}`,
      body: { password: 'another long passphrase' },
    }),
  },
  ...planFixtures(
    () => server.url,
    async () => (await cookieFor('admin'))!,
  ),
};

async function freshMember(w: World): Promise<string> {
  const user = await buildUser(server.app.models);
  await server.app.models.Membership.create({ groupId: w.groupId, userId: user.id, role: 'member' });
  return user.id;
}

async function freshInvitation(w: World): Promise<{ id: string; token: string }> {
  const { token, hash } = newToken();
  const invitation = await server.app.models.Invitation.create({
    tokenHash: hash,
    email: freshEmail(),
    groupId: w.groupId,
    role: 'member',
    invitedBy: w.users.admin.id,
    invitedByName: w.users.admin.name,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return { id: String(invitation._id), token };
}

async function freshErasureRequest(): Promise<string> {
  const userId = new Types.ObjectId();
  await server.app.models.ErasureRequest.create({ userId, name: 'Former member', email: freshEmail() });
  return String(userId);
}

async function freshPasswordReset(): Promise<string> {
  const user = await buildUser(server.app.models);
  const { token, hash } = newToken();
  await server.app.models.PasswordReset.create({
    tokenHash: hash,
    userId: user.id,
    issuedBy: world.users.admin.id,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return token;
}

async function buildWorld(): Promise<World> {
  const m = server.app.models;
  const users = {} as World['users'];
  for (const persona of PERSONAS) {
    if (persona !== 'anonymous') users[persona] = await buildUser(m, { name: persona, isAdmin: persona === 'admin' });
  }
  const [hub, otherHub, renamable] = await m.Hub.create([
    { slug: 'western-balkans', name: 'Western Balkans' },
    { slug: 'mena', name: 'Middle East & North Africa' },
    { slug: 'renamable', name: 'Renamable' },
  ]);
  const city = await m.City.create({
    name: 'Куманово',
    nameLatin: 'Kumanovo',
    country: 'North Macedonia',
    hubId: hub!._id,
  });
  const [team, group, otherTeam, steering] = await m.Group.create([
    { name: 'Western Balkans hub team', kind: 'hub_team', hubId: hub!._id },
    { name: 'Western Balkans working group', kind: 'working_group', hubId: hub!._id },
    { name: 'MENA hub team', kind: 'hub_team', hubId: otherHub!._id },
    { name: 'International Steering Committee', kind: 'steering_committee', hubId: null },
  ]);
  await m.Membership.create([
    { groupId: team!._id, userId: users.hubStaff.id, role: 'member' },
    { groupId: otherTeam!._id, userId: users.outsider.id, role: 'member' }, // staff elsewhere: no rights here
    { groupId: group!._id, userId: users.chair.id, role: 'chair' },
    { groupId: group!._id, userId: users.member.id, role: 'member' },
    { groupId: group!._id, userId: users.observer.id, role: 'observer' },
    { groupId: steering!._id, userId: users.committee.id, role: 'member' },
  ]);
  const room = await m.Room.create({
    title: 'Western Balkans roundtable — 2026 H1 priorities',
    groupId: group!._id,
    hubId: hub!._id,
    languages: ['en', 'ar'],
    documentName: `room-${randomUUID()}`,
  });
  await m.RoomGuest.create({ roomId: room._id, userId: users.guest.id });
  return {
    users,
    hubId: String(hub!._id),
    renamableHubId: String(renamable!._id),
    cityId: String(city._id),
    groupId: String(group!._id),
    roomId: String(room._id),
    documentName: room.documentName,
    planId: '',
    planDocument: '',
    versionId: '',
  };
}

const cookies = new Map<Persona, string>();
async function cookieFor(persona: Persona, caller?: Fixture['caller']): Promise<string | undefined> {
  if (persona === 'anonymous') return undefined;
  if (caller === 'throwaway') return login(server.url, await buildUser(server.app.models));
  if (caller === 'fresh-session') return login(server.url, world.users[persona]);
  let cookie = cookies.get(persona);
  if (!cookie) cookies.set(persona, (cookie = await login(server.url, world.users[persona])));
  return cookie;
}

beforeAll(async () => {
  server = await startServer();
  world = await buildWorld();
  Object.assign(world, await buildPlanMatrixWorld(server.url, (await cookieFor('admin'))!, world.groupId));
});
afterAll(() => server?.close());

describe('the policy tables cover every channel', () => {
  it('every registered REST route has a rule, and every rule a registered route and a fixture here', () => {
    expect([...server.app.routes].sort()).toEqual(Object.keys(REST_RULES).sort());
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(REST_RULES).sort());
  });
  it('every client event has a rule', () => {
    expect([...CLIENT_EVENTS].sort()).toEqual(Object.keys(SOCKET_RULES).sort());
  });
  it('a path that is not a registered route is a 404, whoever asks', async () => {
    const res = await fetch(`${server.url}/api/rooms/${world.roomId}/secrets`, {
      headers: { cookie: (await cookieFor('admin'))! },
    });
    expect(res.status).toBe(404);
  });
});

describe.each(Object.keys(REST_RULES) as RestRoute[])('REST %s', (key) => {
  const [method, template] = key.split(' ') as [string, string];
  it.each(PERSONAS)('as %s', async (persona) => {
    const fixture = FIXTURES[key];
    const { path, body } = await fixture.build(world);
    expect(path.split('/').length).toBe(template.split('/').length);
    const cookie = await cookieFor(persona, fixture.caller);
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const want = expected(persona, REST_RULES[key]);
    const text = await res.text();
    if (want === 'allowed') expect(res.status, text).toBeGreaterThanOrEqual(200);
    if (want === 'allowed') expect(res.status, text).toBeLessThan(300);
    else expect(res.status, text).toBe(want);
  });
});

const EVENT_PAYLOADS: Record<keyof typeof SOCKET_RULES, () => unknown> = {
  'room:join': () => ({ roomId: world.roomId }),
  'room:leave': () => ({ roomId: world.roomId }),
  'thread:post': () => ({
    roomId: world.roomId,
    body: 'Youth councils first — مجالس الشباب أولاً',
    clientId: randomUUID(),
  }),
  'thread:history': () => ({ roomId: world.roomId }),
};
const ACK_CODE: Record<Exclude<Outcome, 'allowed'>, string> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
};

describe('guessing ids', () => {
  it("another group's room answers exactly like a room that does not exist, on every channel", async () => {
    const m = server.app.models;
    const other = await m.Group.create({ name: 'MENA Regional Advisory Group', kind: 'advisory_group', hubId: null });
    const room = await m.Room.create({
      title: 'MENA roundtable',
      groupId: other._id,
      languages: ['ar'],
      documentName: `room-${randomUUID()}`,
    });
    const cookie = await cookieFor('member');
    for (const id of [String(room._id), String(new Types.ObjectId())]) {
      const res = await fetch(`${server.url}/api/rooms/${id}`, { headers: { cookie: cookie! } });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Room not found.' } });
    }
    const socket = await connectSocket(server.url, cookie);
    expect(await request(socket, 'thread:history', { roomId: String(room._id) })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Room not found.' },
    });
    socket.disconnect();
  });
});

describe('Socket.IO events', () => {
  it('refuses an anonymous connection', async () => {
    await expect(connectSocket(server.url, undefined)).rejects.toThrow('unauthenticated');
  });
  it.each(PERSONAS.filter((p) => p !== 'anonymous'))('as %s', async (persona) => {
    const socket = await connectSocket(server.url, await cookieFor(persona));
    try {
      for (const event of CLIENT_EVENTS) {
        const ack = await request(socket, event, EVENT_PAYLOADS[event]());
        const want = expected(persona, SOCKET_RULES[event]);
        if (want === 'allowed') expect(ack, event).toMatchObject({ ok: true });
        else expect(ack, event).toMatchObject({ ok: false, error: { code: ACK_CODE[want] } });
      }
    } finally {
      socket.disconnect();
    }
  });
});

describe.each(['room', 'plan'] as const)('Yjs sync endpoint: %s documents', (kind) => {
  const probe = DOCUMENT_PROBES[kind];
  it.each(PERSONAS)('as %s', async (persona) => {
    const roles = ROLES_ON[persona][kind];
    const rule = COLLAB_RULES[kind];
    const canRead = persona !== 'anonymous' && holds(roles, rule.connect);
    const canWrite = canRead && holds(roles, rule.write);
    const documentName = kind === 'room' ? world.documentName : world.planDocument;
    const witness = connectProvider(server.url, documentName, await cookieFor('admin'));
    await waitForSync(witness.provider);
    const client = connectProvider(server.url, documentName, await cookieFor(persona));
    try {
      if (!canRead) {
        const status = await new Promise<number>((resolve) => {
          client.provider.ws?.addEventListener('error', () => undefined);
          (
            client.provider.ws as unknown as {
              once(e: string, f: (req: unknown, res: { statusCode: number }) => void): void;
            }
          )?.once('unexpected-response', (_req, res) => resolve(res.statusCode));
        });
        expect(status).toBe(persona === 'anonymous' ? 401 : 404);
        return;
      }
      await waitForSync(client.provider);
      const mark = `${persona} wrote this ${randomUUID()}`;
      probe.write(client.doc, mark);
      if (canWrite) {
        await eventually(() => expect(probe.read(witness.doc)).toContain(mark));
      } else {
        // a forged update from a reader: give it time to arrive, then check it went nowhere
        const witnessMark = `admin probe ${randomUUID()}`;
        probe.write(witness.doc, witnessMark);
        await eventually(() => expect(probe.read(client.doc)).toContain(witnessMark));
        await new Promise((r) => setTimeout(r, 200));
        expect(probe.read(witness.doc)).not.toContain(mark);
        const stored = await server.app.models.DocUpdate.find({ doc: documentName }).lean();
        const bytes = stored.flatMap((record) => record.updates.map((u) => Buffer.from(u.buffer)));
        expect(bytes.some((u) => u.includes(Buffer.from(mark)))).toBe(false);
      }
    } finally {
      client.provider.destroy();
      witness.provider.destroy();
    }
  });
});
