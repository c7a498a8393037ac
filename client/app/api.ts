import type { ApiError } from '../../shared/errors';

/** An API failure with the server's stable code, for messages in the user's language. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
    /** Seconds the server asks to wait (`Retry-After`), when it said. */
    readonly retryAfter: number | null = null,
  ) {
    super(error.message);
  }
}

/** JSON fetch against our own /api; same-origin cookies carry the session. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiRequestError(0, { code: 'db_unavailable', message: 'network error' });
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as { error?: ApiError } | null;
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ApiRequestError(
      res.status,
      data?.error ?? { code: 'internal', message: res.statusText },
      retryAfter > 0 ? retryAfter : null,
    );
  }
  return data as T;
}
