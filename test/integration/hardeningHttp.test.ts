import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { REST_RULES } from '../../server/policy/rules.js';
import { api, expectError } from '../helpers/api.js';
import { login } from '../helpers/clients.js';
import { buildUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { directives } from '../helpers/csp.js';

const CLIENT_DIST = path.join(PROJECT_ROOT, 'dist', 'client');

describe('HTTP hardening', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await startServer({
      clientDist: existsSync(path.join(CLIENT_DIST, 'index.html')) ? CLIENT_DIST : undefined,
    });
    cookie = await login(server.url, await buildUser(server.app.models, { name: 'Ana Admin', isAdmin: true }));
  });
  afterAll(() => server?.close());

  it.each(['/api/health', '/', '/rooms/anything'])('%s carries the security headers and a strict CSP', async (p) => {
    const res = await fetch(`${server.url}${p}`);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toContain("'self'");
    expect(csp.get('connect-src')).not.toContain('ws:');
    // a plain-HTTP deployment (localhost) must not be told to upgrade its requests
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  const stateChanging = (Object.keys(REST_RULES) as (keyof typeof REST_RULES)[]).filter(
    (key) => !key.startsWith('GET '),
  );

  it('knows the state-changing routes', () => {
    expect(stateChanging.length).toBeGreaterThan(15);
  });

  it.each(stateChanging)('%s from another origin is refused, even with a valid session', async (key) => {
    const [method, route] = key.split(' ') as ['POST' | 'PATCH' | 'DELETE', string];
    const url = route.replace(/:(id|userId)/g, '0123456789abcdef01234567').replace(':token', 'x'.repeat(43));
    for (const origin of ['https://evil.example', 'null']) {
      const reply = await api(server.url, method, url, { cookie, body: {}, headers: { origin } });
      expectError(reply, 403, 'forbidden');
    }
    // nothing happened: the session still works (not signed out, not deleted)
    expect((await api(server.url, 'GET', '/api/me', { cookie })).status).toBe(200);
  });
});
