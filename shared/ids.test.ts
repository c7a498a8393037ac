import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newClientId } from './ids.js';

describe('newClientId', () => {
  it('makes distinct version-4 UUIDs that the server’s schema accepts', () => {
    const ids = Array.from({ length: 1000 }, newClientId);
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(z.string().uuid().safeParse(id).success).toBe(true);
  });
});
