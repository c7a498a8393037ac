import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundtableView } from '../../shared/roundtables/schemas.js';
import { api } from '../helpers/api.js';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.js';
import { scheduleRoundtable } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { directives } from '../helpers/csp.js';

const csp = async (server: TestServer) =>
  directives((await fetch(`${server.url}/api/health`)).headers.get('content-security-policy'));

async function callEmbedOf(server: TestServer, world: PlanWorld, callUrl: string) {
  const rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { callUrl });
  const view = await api<{ roundtable: RoundtableView }>(server.url, 'GET', `/api/roundtables/${rt.id}`, {
    cookie: world.cookies.member,
  });
  return view.body.roundtable.callEmbed;
}

describe('the call embedded beside the room (default: meet.jit.si)', () => {
  let server: TestServer;
  let world: PlanWorld;
  beforeAll(async () => {
    server = await startServer();
    world = await buildPlanWorld(server.app.models, server.url);
  }, 180_000);
  afterAll(() => server?.close());

  it('the page may frame that Jitsi origin and no other; nobody may frame the page', async () => {
    const policy = await csp(server);
    expect(policy.get('frame-src')).toEqual(['https://meet.jit.si']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('a Jitsi link on that server is embeddable; Zoom, Teams and other Jitsi hosts stay links', async () => {
    expect(await callEmbedOf(server, world, 'https://meet.jit.si/wb-hate-speech')).toBe(
      'https://meet.jit.si/wb-hate-speech',
    );
    expect(await callEmbedOf(server, world, 'https://us02web.zoom.us/j/123456789')).toBeNull();
    expect(await callEmbedOf(server, world, 'https://teams.microsoft.com/l/meetup-join/abc')).toBeNull();
    expect(await callEmbedOf(server, world, 'https://8x8.meet.jit.si/wb-room')).toBeNull();
    expect(await callEmbedOf(server, world, 'https://meet.jit.si/')).toBeNull(); // no room named
    // no link at all (scheduling one without a call once answered 500: the link rule threw on '')
    expect(await callEmbedOf(server, world, '')).toBeNull();
  });
});

describe('with embedding configured off', () => {
  let server: TestServer;
  let world: PlanWorld;
  beforeAll(async () => {
    server = await startServer({ calls: { jitsiOrigin: null } });
    world = await buildPlanWorld(server.app.models, server.url);
  }, 180_000);
  afterAll(() => server?.close());

  it('no frame origin is allowed and no call is embeddable', async () => {
    const policy = await csp(server);
    expect(policy.has('frame-src')).toBe(false); // frames fall back to default-src 'self'
    expect(await callEmbedOf(server, world, 'https://meet.jit.si/wb-hate-speech')).toBeNull();
  });
});
