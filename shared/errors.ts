/** Stable error codes shared by REST responses and Socket.IO acknowledgements. */
export const ERROR_CODES = [
  'bad_request',
  'invalid_credentials',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'weak_password',
  'group_full',
  'invitation_invalid',
  'already_invited',
  'rate_limited',
  'posting_too_fast',
  'db_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field-level problems for `bad_request`, keyed by dotted path. */
  issues?: { path: string; message: string }[];
  /**
   * A stable sub-code the client translates (`errors.reasons.<reason>` in the locale files)
   * with `params`; `message` stays English, for logs and API users.
   */
  reason?: string;
  params?: Record<string, string | number>;
}

/** The one shape every Socket.IO acknowledgement takes. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
export type AckCallback<T> = (response: Ack<T>) => void;
