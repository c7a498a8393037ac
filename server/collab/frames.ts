import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/collab.js';

/** Anything that is not a well-formed y-websocket message; the connection is closed (1007). */
export class MalformedMessageError extends Error {}

export function readOrThrow<T>(read: () => T): T {
  try {
    return read();
  } catch {
    throw new MalformedMessageError('truncated message');
  }
}

/** A copy of a document's current state, to try changes on without touching it. */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Rejects when `promise` takes longer than `ms` (the operation itself may still finish later). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'database write'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The update of an empty document: no structs, no deletions. */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** A y-websocket sync message of `type` (update or sync step 2) carrying `update`. */
export function syncMessage(type: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
