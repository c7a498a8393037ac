import { planFixtures, type PlanMatrixWorld } from '../helpers/planMatrix.js';
import { threadFixtures, type ThreadMatrixWorld } from '../helpers/threadMatrix.js';
import { recordDecision, roundtableFixtures, type RoundtableMatrixWorld } from '../helpers/roundtableMatrix.js';
import { PERSONAS, type Persona } from '../helpers/matrixPersonas.js';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { newToken } from '../../server/auth/tokens.js';
import type { RestRoute } from '../../server/policy/rules.js';
import { connectSocket, login } from '../helpers/clients.js';
import { buildUser, TEST_PASSWORD, type BuiltUser } from '../helpers/factories.js';
import type { TestServer } from '../helpers/server.js';

/**
 * Generated from the policy tables: every persona × every REST route, socket
 * event and Yjs read/write, each expected outcome derived from PERMISSIONS and
 * VISIBILITY (not from the policy code). A route or event missing from the
 * tables, or from the fixtures below, fails this suite.
 */
export { expected, holds, PERSONAS, ROLES_ON, type Outcome, type Persona } from '../helpers/matrixPersonas.js';

export interface World extends PlanMatrixWorld, ThreadMatrixWorld, RoundtableMatrixWorld {
  users: Record<Exclude<Persona, 'anonymous'>, BuiltUser>;
  hubId: string;
  renamableHubId: string;
  cityId: string;
  groupId: string;
  roomId: string;
  documentName: string;
}

export interface Fixture {
  /** Builds the request; called once per persona, so it may create what it consumes. */
  build(w: World): Promise<{ path: string; body?: unknown }>;
  /** The call ends or changes the caller's session: use a fresh session (or a throwaway person for signed-in routes). */
  caller?: 'fresh-session' | 'throwaway';
}

/** Set by the suite before any fixture runs. */
export const ctx = {} as { server: TestServer; world: World };
const freshEmail = () => `${randomUUID()}@invitee.test`;

export const FIXTURES: Record<RestRoute, Fixture> = {
  ...planFixtures(
    () => ctx.server.url,
    async () => (await cookieFor('admin'))!,
  ),
  ...threadFixtures(),
  ...roundtableFixtures(async () => {
    const socket = await connectSocket(ctx.server.url, await cookieFor('admin'));
    try {
      return await recordDecision(socket, ctx.world.roundtableId, `Decision ${randomUUID()}`);
    } finally {
      socket.disconnect();
    }
  }),
  'GET /api/health': { build: async () => ({ path: '/api/health' }) },
  'POST /api/auth/login': {
    caller: 'fresh-session',
    build: async (w) => ({ path: '/api/auth/login', body: { email: w.users.outsider.email, password: TEST_PASSWORD } }),
  },
  'POST /api/auth/logout': { caller: 'fresh-session', build: async () => ({ path: '/api/auth/logout' }) },
  'GET /api/auth/session': { build: async () => ({ path: '/api/auth/session' }) },
  'GET /api/auth/password-help': { build: async () => ({ path: '/api/auth/password-help' }) },
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
  'POST /api/me/password': {
    caller: 'throwaway',
    build: async () => ({
      path: '/api/me/password',
      body: { current: TEST_PASSWORD, password: 'lanterns over the old bridge at dusk' },
    }),
  },
  'GET /api/rooms': { build: async () => ({ path: '/api/rooms' }) },
  'GET /api/rooms/:id': { build: async (w) => ({ path: `/api/rooms/${w.roomId}` }) },
  'GET /api/rooms/:id/document': { build: async (w) => ({ path: `/api/rooms/${w.roomId}/document` }) },
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
  'POST /api/password-resets': {
    build: async () => ({ path: '/api/password-resets', body: { email: freshEmail() } }),
  },
  'POST /api/password-resets/:token': {
    build: async () => ({
      path: `/api/password-resets/${await freshPasswordReset()}`,
      body: { password: 'another long passphrase' },
    }),
  },
};

async function freshMember(w: World): Promise<string> {
  const user = await buildUser(ctx.server.app.models);
  await ctx.server.app.models.Membership.create({ groupId: w.groupId, userId: user.id, role: 'member' });
  return user.id;
}

async function freshInvitation(w: World): Promise<{ id: string; token: string }> {
  const { token, hash } = newToken();
  const invitation = await ctx.server.app.models.Invitation.create({
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
  await ctx.server.app.models.ErasureRequest.create({ userId, name: 'Former member', email: freshEmail() });
  return String(userId);
}

async function freshPasswordReset(): Promise<string> {
  const user = await buildUser(ctx.server.app.models);
  const { token, hash } = newToken();
  await ctx.server.app.models.PasswordReset.create({
    tokenHash: hash,
    userId: user.id,
    issuedBy: ctx.world.users.admin.id,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return token;
}

export async function buildWorld(): Promise<World> {
  const m = ctx.server.app.models;
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
    priorityId: '',
    threadId: '',
    roundtableId: '',
    notesDocument: '',
  };
}

const cookies = new Map<Persona, string>();
export async function cookieFor(persona: Persona, caller?: Fixture['caller']): Promise<string | undefined> {
  if (persona === 'anonymous') return undefined;
  if (caller === 'throwaway') return login(ctx.server.url, await buildUser(ctx.server.app.models));
  if (caller === 'fresh-session') return login(ctx.server.url, ctx.world.users[persona]);
  let cookie = cookies.get(persona);
  if (!cookie) cookies.set(persona, (cookie = await login(ctx.server.url, ctx.world.users[persona])));
  return cookie;
}
