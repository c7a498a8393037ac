import { createHash, randomBytes } from 'node:crypto';

/** A one-time token for a link; only its SHA-256 is stored, so the database alone cannot open it. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
