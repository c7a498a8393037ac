import { z } from 'zod';
import { UI_LANGUAGES } from '../languages.js';
import { MEMBERSHIP_ROLES, type MembershipRole } from './network.js';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
export const INVITATION_TTL_DAYS = 7;

/**
 * Only the shape: how long and how guessable a password may be is decided by the
 * server's password rules, so a short one is refused as `weak_password` like any other weak one.
 */
export const passwordSchema = z.string().min(1).max(PASSWORD_MAX_LENGTH);

const email = z.string().trim().toLowerCase().email().max(254);

/** `resend`: replace a pending invitation to the same email (its link stops working) with a new one. */
const resend = z.boolean().default(false);
export const groupInvitationBodySchema = z.object({ email, role: z.enum(MEMBERSHIP_ROLES), resend });
export const roomInvitationBodySchema = z.object({ email, resend });

/** Accepting as a new person: the account is created from these. */
export const acceptInvitationBodySchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  password: passwordSchema.optional(),
  language: z.enum(UI_LANGUAGES).default('en'),
});

export const passwordResetBodySchema = z.object({ password: passwordSchema });

/** Changing one's own password: the current one proves it is the person, not just their session. */
export const passwordChangeBodySchema = z.object({ current: passwordSchema, password: passwordSchema });

export interface InvitationView {
  id: string;
  email: string;
  /** A group invitation carries a role; a roundtable guest invitation a room. */
  group: { id: string; name: string } | null;
  room: { id: string; title: string } | null;
  role: MembershipRole | 'guest';
  invitedBy: string;
  expiresAt: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  createdAt: string;
}

/** What the inviter gets back: the one-time link, shown when no email could be sent. */
export interface CreatedInvitation {
  invitation: InvitationView;
  link: string;
  emailed: boolean;
}

/** What the invitee sees before accepting. */
export interface InvitationPreview {
  email: string;
  group: { id: string; name: string } | null;
  room: { id: string; title: string } | null;
  role: MembershipRole | 'guest';
  invitedBy: string;
  /** True when an account with this email exists: accepting then needs that person signed in. */
  accountExists: boolean;
  expiresAt: string;
}

export interface AcceptedInvitation {
  /** Where to go next: the room the invitation leads to, if any. */
  roomId: string | null;
  groupId: string | null;
}
