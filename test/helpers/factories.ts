import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../server/auth/password.js';
import type { Models } from '../../server/models.js';
import type { GroupKind, MembershipRole } from '../../server/network/network.model.js';
import type { UiLanguage } from '../../shared/languages.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export interface BuiltUser {
  id: string;
  email: string;
  name: string;
  password: string;
}

/** A person who can sign in with TEST_PASSWORD. */
export async function buildUser(
  models: Models,
  attrs: { name?: string; isAdmin?: boolean; language?: UiLanguage } = {},
): Promise<BuiltUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = `${randomUUID()}@test.roundtable`;
  const name = attrs.name ?? `Person ${email.slice(0, 6)}`;
  const user = await models.User.create({
    email,
    name,
    isAdmin: attrs.isAdmin ?? false,
    language: attrs.language ?? 'en',
    passwordHash: await passwordHash,
    color: '#0f766e',
  });
  return { id: String(user._id), email, name, password: TEST_PASSWORD };
}

/** A group with the given members, and one room belonging to it. */
export async function buildRoom(
  models: Models,
  members: { user: BuiltUser; role: MembershipRole }[],
  attrs: { title?: string; kind?: GroupKind } = {},
) {
  const group = await models.Group.create({
    name: `Group ${randomUUID().slice(0, 8)}`,
    kind: attrs.kind ?? 'working_group',
  });
  await models.Membership.create(members.map((m) => ({ groupId: group._id, userId: m.user.id, role: m.role })));
  const room = await models.Room.create({
    title: attrs.title ?? 'Western Balkans roundtable — 2026 H1 priorities',
    groupId: group._id,
    languages: ['en', 'ar'],
    documentName: `room-${randomUUID()}`,
  });
  return { groupId: String(group._id), roomId: String(room._id), documentName: room.documentName };
}
