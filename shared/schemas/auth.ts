import { z } from 'zod';
import { UI_LANGUAGES } from '../languages.js';

export const loginBodySchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

/** "Forgot your password?": the address to send a reset link to. */
export const forgotPasswordBodySchema = z.object({ email: loginBodySchema.shape.email });

/** How a person who forgot their password gets a new one: an emailed link, or from their hub staff. */
export interface PasswordHelp {
  byEmail: boolean;
}

/** What the client learns about the signed-in person. */
export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  language: z.enum(UI_LANGUAGES),
  color: z.string(),
  /** e.g. Mayor, Deputy Mayor, Practitioner. */
  title: z.string(),
  cityId: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;
