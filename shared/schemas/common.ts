import { z } from 'zod';

/** A MongoDB ObjectId as it travels in URLs and payloads. */
export const objectIdSchema = z.string().regex(/^[a-f0-9]{24}$/i, 'must be a 24-character hex id');
