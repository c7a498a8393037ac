import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedInvitation, InvitationPreview } from '../../shared/schemas/invitations.js';
import { api, expectError, tokenOf } from '../helpers/api.js';
import { login } from '../helpers/clients.js';
import { buildUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe('inviting the same email twice', () => {
  let server: TestServer;
  let cookie: string;
  let groupId: string;

  beforeAll(async () => {
    server = await startServer();
    const m = server.app.models;
    const admin = await buildUser(m, { isAdmin: true });
    const group = await m.Group.create({ name: 'MENA Regional Advisory Group', kind: 'working_group', hubId: null });
    groupId = String(group._id);
    cookie = await login(server.url, admin);
  });
  afterAll(async () => {
    await server.close();
  });

  const invite = (email: string, extra: object = {}) =>
    api<CreatedInvitation>(server.url, 'POST', `/api/groups/${groupId}/invitations`, {
      cookie,
      body: { email, role: 'member', ...extra },
    });
  const preview = (link: string) =>
    api<{ invitation: InvitationPreview }>(server.url, 'GET', `/api/invitations/${tokenOf(link)}`);

  it('says the person is already invited instead of making a second valid link', async () => {
    const first = await invite('mayor@tyre.example');
    expect(first.status).toBe(201);
    const again = await invite('Mayor@Tyre.example');
    expectError(again, 409, 'already_invited');
    expect((await preview(first.body.link)).status).toBe(200);
  });

  it('on request sends a new link, and the old one stops working', async () => {
    const first = await invite('deputy@tyre.example');
    const resent = await invite('deputy@tyre.example', { resend: true });
    expect(resent.status).toBe(201);
    expect(resent.body.link).not.toBe(first.body.link);
    expectError(await preview(first.body.link), 410, 'invitation_invalid');
    expect((await preview(resent.body.link)).status).toBe(200);
  });
});
