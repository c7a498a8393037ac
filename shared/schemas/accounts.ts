import type { UiLanguage } from '../languages.js';

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
