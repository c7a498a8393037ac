import type { ApiError, ErrorCode } from '../shared/errors.js';
import type { ZodError } from 'zod';

/** An error a client is meant to see: carries an HTTP status and a stable code. */
export class AppError extends Error {
  /** Seconds a client should wait before retrying (sent as Retry-After). */
  retryAfter?: number;
  /** What the client translates instead of `message` (see ApiError.reason). */
  reason?: { reason: string; params?: Record<string, string | number> };

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiError['issues'],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): ApiError {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.reason ?? {}),
    };
  }

  /** Adds the stable sub-code a client translates. */
  because(reason: string, params?: Record<string, string | number>): this {
    this.reason = params ? { reason, params } : { reason };
    return this;
  }
}

export const badRequest = (message: string, issues?: ApiError['issues']) =>
  new AppError(400, 'bad_request', message, issues);
export const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'The email or password is not correct.');
export const unauthenticated = () => new AppError(401, 'unauthenticated', 'Please sign in.');
export const forbidden = (message = 'You do not have access to this.') => new AppError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string) => new AppError(409, 'conflict', message);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  Object.assign(new AppError(429, 'rate_limited', message), { retryAfter: retryAfterSeconds });
export const dbUnavailable = () =>
  new AppError(503, 'db_unavailable', 'The database is unavailable. Please try again shortly.');

export function fromZodError(error: ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return badRequest(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues);
}

/** Maps anything thrown to the error a client sees; unknown errors become `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDbConnectivityError(error)) return dbUnavailable();
  return new AppError(500, 'internal', 'Something went wrong on our side.');
}

function isDbConnectivityError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /MongoNetwork|MongoServerSelection|MongoNotConnected|Client must be connected|buffering timed out|connection .* closed/i.test(
    `${error.name} ${error.message}`,
  );
}
