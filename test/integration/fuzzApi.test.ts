import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS } from '../../shared/events.js';
import { REST_RULES, type RestRoute } from '../../server/policy/rules.js';
import { connectSocket, login, request, type ClientSocket } from '../helpers/clients.js';
import { buildRoom, buildUser } from '../helpers/factories.js';
import { fuzzParams, fuzzSeed, watchEventLoop } from '../helpers/fuzz.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** Routes that would end the session the fuzzer uses: sent without it. */
const ENDS_SESSION = new Set<RestRoute>([
  'POST /api/auth/logout',
  'POST /api/auth/logout-everywhere',
  'POST /api/me/delete',
]);

/** Percent-escapes a URL parser must refuse, not crash on. */
const MALFORMED_ESCAPES = ['%', '%E0%A4%A', '%ZZ', '%C0%AF', '%ED%A0%80', '%%41', 'a%2', '%F4%90%80%80'];

const pathParam = fc.oneof(
  fc.constantFrom('0123456789abcdef01234567', 'ffffffffffffffffffffffff', 'not-an-id', '%00', '..%2F..'),
  fc.constantFrom(...MALFORMED_ESCAPES),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc
    .tuple(fc.string({ maxLength: 8 }).map(encodeURIComponent), fc.constantFrom(...MALFORMED_ESCAPES))
    .map(([a, b]) => a + b),
);

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"email":', '[]', 'null', '{"roomId":{"$gt":""}}', '{"__proto__":{"isAdmin":true}}'),
);

const isApiError = (value: unknown) => {
  const error = (value as { error?: { code?: unknown; message?: unknown } })?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string' && error.message.length > 0;
};

describe('fuzzing REST and Socket.IO', () => {
  let server: TestServer;
  let adminCookie: string;
  let memberCookie: string;
  let roomId: string;

  beforeAll(async () => {
    server = await startServer();
    const [admin, member] = await Promise.all([
      buildUser(server.app.models, { name: 'Ana Admin', isAdmin: true }),
      buildUser(server.app.models, { name: 'Marko Petrović' }),
    ]);
    ({ roomId } = await buildRoom(server.app.models, [{ user: member, role: 'member' }]));
    adminCookie = await login(server.url, admin);
    memberCookie = await login(server.url, member);
  });
  afterAll(() => server?.close());

  it('every REST route answers any body and any path, malformed escapes included, with JSON and no 5xx', async () => {
    const seed = fuzzSeed('REST');
    const loop = watchEventLoop();
    const routes = Object.keys(REST_RULES) as RestRoute[];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(pathParam, { minLength: 3, maxLength: 3 }),
        body,
        fc.boolean(),
        async (key, params, payload, signedIn) => {
          const [method, route] = key.split(' ') as [string, string];
          let i = 0;
          const url = route.replace(/:\w+/g, () => params[i++]!);
          const cookie = signedIn && !ENDS_SESSION.has(key) ? adminCookie : undefined;
          const res = await fetch(`${server.url}${url}`, {
            method,
            headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
            body: method === 'GET' ? undefined : payload,
          });
          const text = await res.text();
          expect(res.status, `${method} ${url} → ${text}`).toBeLessThan(500);
          if (res.status !== 204) expect(res.headers.get('content-type') ?? '', `${method} ${url}`).toMatch(/json/);
          if (res.status >= 400) expect(isApiError(JSON.parse(text)), `${method} ${url} → ${text}`).toBe(true);
        },
      ),
      fuzzParams(seed, 300),
    );
    const { maxMs, p99Ms } = loop.stop();
    process.stdout.write(`[fuzz] REST: event-loop delay max ${maxMs.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms\n`);
    expect(maxMs).toBeLessThan(1000);
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie: adminCookie } })).status).toBe(200);
  });

  it.each(MALFORMED_ESCAPES)('a path parameter %s is answered 400 bad_request', async (escape) => {
    for (const url of [
      `/api/rooms/${escape}`,
      `/api/groups/${escape}/members/${escape}`,
      `/api/invitations/${escape}`,
    ]) {
      const res = await fetch(`${server.url}${url}`, { headers: { cookie: adminCookie } });
      const text = await res.text();
      expect(res.status, `${url} → ${text}`).toBe(400);
      expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('bad_request');
    }
  });

  it('every Socket.IO event answers any payload with an acknowledgement; unknown events change nothing', async () => {
    const seed = fuzzSeed('Socket.IO');
    const socket: ClientSocket = await connectSocket(server.url, memberCookie);
    const loop = watchEventLoop();
    try {
      const emitRaw = socket.emit.bind(socket) as unknown as (event: string, ...args: unknown[]) => void;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { arbitrary: fc.constantFrom(...CLIENT_EVENTS), weight: 4 },
            { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
          ),
          fc.oneof(
            fc.anything({ maxDepth: 3, maxKeys: 5 }),
            fc.record({ roomId: fc.oneof(fc.constant(roomId), fc.string()), body: fc.string({ maxLength: 9000 }) }),
            fc.record({ roomId: fc.constant(roomId), before: fc.anything({ maxDepth: 1 }), clientId: fc.anything() }),
          ),
          async (event, payload) => {
            if (!(CLIENT_EVENTS as readonly string[]).includes(event)) {
              emitRaw(event, payload);
              return;
            }
            const ack = (await request(socket, event as (typeof CLIENT_EVENTS)[number], payload)) as {
              ok: boolean;
            };
            if (!ack.ok) expect(isApiError(ack), JSON.stringify(ack)).toBe(true);
          },
        ),
        fuzzParams(seed, 300),
      );
      const { maxMs, p99Ms } = loop.stop();
      process.stdout.write(
        `[fuzz] Socket.IO: event-loop delay max ${maxMs.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms\n`,
      );
      expect(maxMs).toBeLessThan(1000);
      expect(socket.connected).toBe(true);
      expect(await request(socket, 'thread:history', { roomId })).toMatchObject({ ok: true });
    } finally {
      socket.disconnect();
    }
  });
});
