import type { Request } from 'express';
import type { Config } from '../config.js';

/** The address people use, for links in emails and on screen (PUBLIC_URL, else this request's host). */
export function baseUrl(config: Config, req: Request): string {
  return config.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;
}
