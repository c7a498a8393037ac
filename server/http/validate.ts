import type { z } from 'zod';
import { fromZodError } from '../errors.js';

/** Parses untrusted input with a shared zod schema; throws a `bad_request` AppError listing the issues. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
