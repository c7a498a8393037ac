import type { Connection } from 'mongoose';
import { passwordResetSchema } from './passwordReset.model.js';
import { sessionSchema } from './session.model.js';
import { userSchema } from './user.model.js';

/** The collections the auth domain owns: people's accounts, their sessions, reset links. */
export const authModels = (conn: Connection) => ({
  User: conn.model('User', userSchema),
  Session: conn.model('Session', sessionSchema),
  PasswordReset: conn.model('PasswordReset', passwordResetSchema),
});
export type AuthModels = ReturnType<typeof authModels>;
