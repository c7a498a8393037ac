import './zodConfig';
import { expect, test } from 'vitest';
import { z } from 'zod';

// zodConfig.ts writes the setting without importing zod (so the app's first script needs none);
// this fails if zod stops reading it from there, and the CSP would then report its eval probe.
test('zod loaded after zodConfig builds schemas without eval (jitless)', () => {
  expect(z.config().jitless).toBe(true);
  expect(z.object({ a: z.string() }).parse({ a: 'x' })).toEqual({ a: 'x' });
});
