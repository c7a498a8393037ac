import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomView } from '../../shared/schemas/rooms.js';
import type { GroupView } from '../../shared/schemas/network.js';
import { PERMISSIONS, type Action, type Role } from '../../server/policy/permissions.js';
import { api } from '../helpers/api.js';
import { login } from '../helpers/clients.js';
import { buildRoom, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

type Persona = 'admin' | 'chair' | 'member' | 'observer' | 'guest';

/** The role each persona holds on the room and on its group, by construction below. */
const ROLE: Record<Persona, { room: Role; group: Role | null }> = {
  admin: { room: 'admin', group: 'admin' },
  chair: { room: 'chair', group: 'chair' },
  member: { room: 'member', group: 'member' },
  observer: { room: 'observer', group: 'observer' },
  guest: { room: 'guest', group: null },
};

/** `{ verb: allowed }` for every `<kind>.<verb>` in the permission table, read from the table itself. */
function fromTable(kind: 'room' | 'group', role: Role): Record<string, boolean> {
  const entries = (Object.keys(PERMISSIONS) as Action[])
    .filter((action) => action.startsWith(`${kind}.`))
    .map((action) => [action.slice(kind.length + 1), (PERMISSIONS[action] as readonly Role[]).includes(role)]);
  return Object.fromEntries(entries);
}

describe("views carry the viewer's abilities, derived from the permission table", () => {
  let server: TestServer;
  let roomId: string;
  let groupId: string;
  const cookies = new Map<Persona, string>();

  beforeAll(async () => {
    server = await startServer();
    const { models } = server.app;
    const users = {} as Record<Persona, BuiltUser>;
    for (const persona of Object.keys(ROLE) as Persona[]) {
      users[persona] = await buildUser(models, { name: persona, isAdmin: persona === 'admin' });
    }
    ({ roomId, groupId } = await buildRoom(models, [
      { user: users.chair, role: 'chair' },
      { user: users.member, role: 'member' },
      { user: users.observer, role: 'observer' },
    ]));
    await models.RoomGuest.create({ roomId, userId: users.guest.id });
    for (const persona of Object.keys(ROLE) as Persona[]) cookies.set(persona, await login(server.url, users[persona]));
  });
  afterAll(() => server?.close());

  it.each(Object.keys(ROLE) as Persona[])('a room as %s', async (persona) => {
    const res = await api<{ room: RoomView }>(server.url, 'GET', `/api/rooms/${roomId}`, {
      cookie: cookies.get(persona),
    });
    expect(res.status).toBe(200);
    expect(res.body.room.abilities).toEqual(fromTable('room', ROLE[persona].room));
  });

  it.each((Object.keys(ROLE) as Persona[]).filter((p) => ROLE[p].group))('a group as %s', async (persona) => {
    const res = await api<{ group: GroupView }>(server.url, 'GET', `/api/groups/${groupId}`, {
      cookie: cookies.get(persona),
    });
    expect(res.status).toBe(200);
    expect(res.body.group.abilities).toEqual(fromTable('group', ROLE[persona].group!));
  });
});
