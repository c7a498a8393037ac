import type { ApiRequest, ApiResponse, ApiRoute } from '../../shared/api';
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

/** The request a route takes; optional when nothing in it is required. */
export type ApiArgs<K extends ApiRoute> =
  object extends ApiRequest<K> ? [request?: ApiRequest<K>] : [request: ApiRequest<K>];

interface AnyRequest {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

/** `'GET /api/rooms/:id'` with `{ params: { id } }` → `/api/rooms/<id>` (and the query string, if any). */
export function apiUrl<K extends ApiRoute>(key: K, ...[request]: ApiArgs<K>): string {
  const { params = {}, query = {} } = (request ?? {}) as AnyRequest;
  const path = key
    .slice(key.indexOf(' ') + 1)
    .replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
  return search ? `${path}?${search}` : path;
}

/**
 * Calls one route of the REST contract (`shared/api.ts`) against our own server;
 * same-origin cookies carry the session. Resolves with the route's response type.
 */
export async function api<K extends ApiRoute>(key: K, ...args: ApiArgs<K>): Promise<ApiResponse<K>> {
  const method = key.slice(0, key.indexOf(' '));
  const { body } = (args[0] ?? {}) as AnyRequest;
  let res: Response;
  try {
    res = await fetch(apiUrl(key, ...args), {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError(0, { code: 'db_unavailable', message: 'network error' });
  }
  if (res.status === 204) return undefined as ApiResponse<K>;
  const data = (await res.json().catch(() => null)) as { error?: ApiError } | null;
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ApiRequestError(
      res.status,
      data?.error ?? { code: 'internal', message: res.statusText },
      retryAfter > 0 ? retryAfter : null,
    );
  }
  return data as ApiResponse<K>;
}
