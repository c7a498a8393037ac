import { z } from 'zod';
import type { UiLanguage } from '../languages.js';

/** Deleting one's own account: the password again, and whether to ask for one's messages to be erased. */
export const deleteAccountBodySchema = z.object({
  password: z.string().min(1).max(1024),
  erase: z.boolean().default(false),
});

/** A person's own data (`GET /api/me/export`): the profile, then each domain's part under its key. */
export interface AccountExport {
  exportedAt: string;
  profile: { id: string; email: string; name: string; title?: string; language: string; createdAt: string };
  [part: string]: unknown;
}

/** One account as an admin sees it in the people list (`GET /api/users`). */
export interface AccountView {
  id: string;
  email: string;
  name: string;
  title: string;
  isAdmin: boolean;
  language: UiLanguage;
  cityId: string | null;
}

/** A former member's request to have their messages erased (`GET /api/erasure-requests`). */
export interface ErasureRequestView {
  userId: string;
  name: string;
  email: string;
  requestedAt: string;
  completedAt: string | null;
}

/** An admin-issued one-time link to choose a new password. */
export interface IssuedPasswordReset {
  link: string;
  expiresAt: string;
}
