import { PASSWORD_MIN_LENGTH } from '../../shared/schemas/invitations.js';
import { AppError } from '../errors.js';

/**
 * Passwords people actually pick at this length (NIST 800-63B: check against
 * known-bad lists instead of composition rules). Compared case-insensitively.
 */
const COMMON = new Set(
  [
    '123456789012',
    '1234567890123',
    '12345678901234',
    '123123123123',
    '111111111111',
    '000000000000',
    '123456123456',
    'password1234',
    'password12345',
    'password123456',
    'passwordpassword',
    'password!234',
    'qwertyuiop12',
    'qwertyuiopas',
    'qwerty123456',
    '1q2w3e4r5t6y',
    '1qaz2wsx3edc',
    'zaq12wsxcde3',
    'iloveyou1234',
    'letmein12345',
    'welcome12345',
    'welcome123456',
    'administrator',
    'admin1234567',
    'changeme1234',
    'abcdefghijkl',
    'abcd1234abcd',
    'aaaaaaaaaaaa',
    'football1234',
    'baseball1234',
    'sunshine1234',
    'princess1234',
    'starwars1234',
    'trustno11234',
    'mypassword12',
    'mypassword123',
    'secretpassword',
    'roundtable123',
    'roundtable1234',
    'strongcities',
    'strongcities1',
    'strongcities123',
  ].map((p) => p.toLowerCase()),
);

/** Rejects short, well-known, or personal passwords with a message a person can act on. */
export function checkPassword(password: string, person: { email?: string; name?: string } = {}): void {
  const lower = password.toLowerCase();
  const fail = (message: string, reason: string, params?: Record<string, number>) => {
    throw new AppError(400, 'weak_password', message, [{ path: 'password', message }]).because(reason, params);
  };
  if ([...password].length < PASSWORD_MIN_LENGTH)
    fail(`Use at least ${PASSWORD_MIN_LENGTH} characters.`, 'too_short', { min: PASSWORD_MIN_LENGTH });
  if (COMMON.has(lower) || new Set(lower).size <= 2)
    fail('This password is too common. Try a few unrelated words.', 'too_common');
  const local = person.email?.split('@')[0]?.toLowerCase();
  if ((local && local.length >= 4 && lower.includes(local)) || (person.name && lower === person.name.toLowerCase())) {
    fail('Do not use your name or email address in your password.', 'personal');
  }
}
