import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinutesView, RoundtableView } from '../../shared/roundtables/schemas.js';
import { api } from '../helpers/api.js';
import { eventually, login } from '../helpers/clients.js';
import { buildUser, TEST_PASSWORD } from '../helpers/factories.js';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.js';
import { joinSession, scheduleRoundtable } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let world: PlanWorld;
let rt: RoundtableView;

beforeAll(async () => {
  server = await startServer();
  world = await buildPlanWorld(server.app.models, server.url);
  rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { invitees: [world.member2.id] });
}, 180_000);
afterAll(() => server?.close());

describe("a person's roundtable data", () => {
  it('is in their export; deleting the account leaves no name; an erasure removes their questions', async () => {
    const cookie = world.cookies.member2;
    await api(server.url, 'POST', `/api/roundtables/${rt.id}/rsvp`, { cookie, body: { answer: 'yes' } });
    const p = await joinSession(server.url, cookie, rt.id);
    await p.send('roundtable:ask', { text: 'Who pays for the interpreters?' });
    await p.send('roundtable:hand', { raised: true });
    p.socket.disconnect();

    const exported = await api<{ roundtables: { rsvps: unknown[]; sessions: { questions: { text: string }[] }[] } }>(
      server.url,
      'GET',
      '/api/me/export',
      { cookie },
    );
    expect(exported.body.roundtables.rsvps).toEqual([{ roundtableId: rt.id, answer: 'yes' }]);
    expect(exported.body.roundtables.sessions[0]!.questions.map((q) => q.text)).toEqual([
      'Who pays for the interpreters?',
    ]);

    expect(
      (await api(server.url, 'POST', '/api/me/delete', { cookie, body: { password: TEST_PASSWORD, erase: true } }))
        .status,
    ).toBe(204);
    const minutes = async () =>
      (
        await api<{ minutes: MinutesView }>(server.url, 'GET', `/api/roundtables/${rt.id}/minutes`, {
          cookie: world.cookies.chair,
        })
      ).body.minutes;
    await eventually(async () => {
      const m = await minutes();
      expect(m.attendance.find((a) => a.userId === world.member2.id)?.name).toBe('');
      expect(m.questions.map((q) => q.author)).toEqual([{ id: world.member2.id, name: '' }]);
    });
    const view = await api<{ roundtable: RoundtableView }>(server.url, 'GET', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.chair,
    });
    expect(view.body.roundtable.rsvps.yes).toBe(0);
    expect(view.body.roundtable.invitees).toEqual([]);

    const admin = await buildUser(server.app.models, { isAdmin: true });
    const erased = await api<Record<string, number>>(server.url, 'POST', `/api/users/${world.member2.id}/erase`, {
      cookie: await login(server.url, admin),
    });
    expect(erased.body.roundtables).toBe(1);
    expect((await minutes()).questions).toEqual([]);
  });
});
