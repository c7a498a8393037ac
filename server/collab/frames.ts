import * as Y from 'yjs';

/** Anything that is not a well-formed y-websocket message; the connection is closed (1007). */
export class MalformedMessageError extends Error {}

/**
 * Decoding alone accepts some updates that cannot be integrated (e.g. an item
 * whose origin points into its own missing range), so each update is applied to
 * an empty scratch document before it is stored; it throws when it cannot be.
 * One scratch document per update keeps this linear: a shared one would park
 * every update with missing dependencies as pending and re-merge them all each time.
 */
export function proveApplies(update: Uint8Array): void {
  const scratch = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(scratch, update);
  } finally {
    scratch.destroy();
  }
}

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
