import type { ResponseHead } from '../http/route.js';
import type { CollabServer } from './server.js';

/**
 * A document as stored, as a REST answer: one Yjs update, read through the sync server (so never
 * an edit still being stored), never cached (it changes with every edit). For pages whose network
 * blocks the live sync: they show, and build on, the real document (`useStoredCopy` on the client),
 * asking again every few seconds with the last answer's ETag, which Express sets over the body and
 * answers 304 to while it matches.
 */
export async function storedCopy(
  collab: Pick<CollabServer, 'state'>,
  res: ResponseHead,
  name: string,
): Promise<Buffer> {
  const state = await collab.state(name);
  res.set('Cache-Control', 'no-store');
  return Buffer.from(state.buffer, state.byteOffset, state.byteLength);
}
