/**
 * Runs tasks one at a time per key, in the order they were queued. Every change to a thread
 * allocates its sequence number, stores and broadcasts inside its thread's queue, and a
 * catch-up reads inside it too: so when a reader sees seq N, everything up to N is stored
 * (no gap), and events go out in seq order. In cluster mode the queue also holds a lock in
 * Redis (server/cluster/locks.ts), so this holds across nodes.
 */
export interface SerialQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** The queue of one process. */
export class LocalSerialQueue implements SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
