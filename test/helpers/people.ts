import type { Models } from '../../server/models.js';
import { login } from './clients.js';
import { buildUser, type BuiltUser } from './factories.js';

type PersonSpec = string | { name: string; isAdmin?: boolean; language?: 'en' | 'ar' };

/**
 * Creates the people a test needs and signs each of them in, filling `cookies` so the test can
 * act as any of them. A spec is a display name, or the attributes `buildUser` takes.
 */
export async function signInPeople<const T extends Record<string, PersonSpec>>(
  server: { url: string; app: { models: Models } },
  specs: T,
  cookies: Map<BuiltUser, string>,
): Promise<{ [K in keyof T]: BuiltUser }> {
  const entries = await Promise.all(
    Object.entries(specs).map(async ([key, spec]) => {
      const attrs = typeof spec === 'string' ? { name: spec } : spec;
      return [key, await buildUser(server.app.models, attrs)] as const;
    }),
  );
  // one after the other, as people sign in; the login limiter counts per address
  for (const [, user] of entries) cookies.set(user, await login(server.url, user));
  return Object.fromEntries(entries) as { [K in keyof T]: BuiltUser };
}
