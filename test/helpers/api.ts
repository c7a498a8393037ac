import { expect } from 'vitest';
import type { ApiError, ErrorCode } from '../../shared/errors.js';
import { SESSION_COOKIE } from '../../server/http/authenticate.js';

/** A REST answer as a browser would see it: status, JSON body, headers and the session cookie it set. */
export interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
  /** `rt_session=<token>` when this response set a new session cookie (not when it cleared it). */
  cookie: string | undefined;
}

/** Calls the REST API with an optional session cookie and JSON body. */
export async function api<T = unknown>(
  url: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: { cookie?: string | undefined; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: res.headers,
    cookie: sessionCookie(res.headers),
  };
}

/** The session cookie a response set, as `name=value`; undefined when it set none or cleared it. */
export function sessionCookie(headers: Headers): string | undefined {
  for (const header of headers.getSetCookie()) {
    const pair = header.split(';')[0]!;
    if (pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1) return pair;
  }
  return undefined;
}

/** Asserts an error answer: its status and its stable code. */
export function expectError(reply: Reply<unknown>, status: number, code: ErrorCode): ApiError {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  const { error } = reply.body as { error: ApiError };
  expect(error.code).toBe(code);
  return error;
}

/** The token at the end of a one-time link (`…/invite/<token>`, `…/reset/<token>`). */
export function tokenOf(link: string): string {
  return new URL(link).pathname.split('/').at(-1)!;
}
