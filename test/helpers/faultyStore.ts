import type { DocumentStore, StoredBatch, StoredDocument } from '../../server/collab/store.js';

type Operation = 'load' | 'append' | 'compact';

/**
 * A document store that fails or pauses on cue, wrapped around a real one: the
 * fault-injection seam of the store contract. Failures throw like a lost database;
 * a pause holds the call until released (the call then goes through).
 */
export class FaultyStore implements DocumentStore {
  private readonly failures = new Map<Operation, { remaining: number; until: number }>();
  private readonly pauses = new Map<Operation, { reached: () => void; opened: Promise<void>; name?: string }>();
  private readonly delays = new Map<Operation, number>();
  readonly calls: Record<Operation, number> = { load: 0, append: 0, compact: 0 };
  /** Calls of each operation under way right now, and the most there ever were at once. */
  readonly running: Record<Operation, number> = { load: 0, append: 0, compact: 0 };
  readonly mostAtOnce: Record<Operation, number> = { load: 0, append: 0, compact: 0 };

  constructor(private readonly inner: DocumentStore) {}

  /** The next `times` calls of `operation` fail. */
  failNext(operation: Operation, times = 1): void {
    this.failures.set(operation, { remaining: times, until: 0 });
  }

  /** Every call of `operation` fails for the next `ms` milliseconds (the database is away). */
  failFor(operation: Operation, ms: number): void {
    this.failures.set(operation, { remaining: 0, until: Date.now() + ms });
  }

  /** Every call of `operation` takes `ms` longer (a busy database); 0 ends it. */
  slow(operation: Operation, ms: number): void {
    this.delays.set(operation, ms);
  }

  /** Holds the next call of `operation` (on document `name`, if given) until `release()`. */
  pauseNext(operation: Operation, name?: string) {
    let reached!: () => void;
    let open!: () => void;
    const hit = new Promise<void>((resolve) => (reached = resolve));
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.pauses.set(operation, { reached, opened, name });
    return { reached: hit, release: open };
  }

  private async intercept(operation: Operation, name: string): Promise<void> {
    this.calls[operation]++;
    const delay = this.delays.get(operation);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const pause = this.pauses.get(operation);
    if (pause && (pause.name === undefined || pause.name === name)) {
      this.pauses.delete(operation);
      pause.reached();
      await pause.opened;
    }
    const failure = this.failures.get(operation);
    if (failure && (failure.remaining > 0 || Date.now() < failure.until)) {
      failure.remaining = Math.max(0, failure.remaining - 1);
      throw new Error(`injected fault: ${operation}`);
    }
  }

  private async counted<T>(operation: Operation, call: () => Promise<T>): Promise<T> {
    this.mostAtOnce[operation] = Math.max(this.mostAtOnce[operation], ++this.running[operation]);
    try {
      return await call();
    } finally {
      this.running[operation]--;
    }
  }

  async load(name: string): Promise<StoredDocument> {
    return this.counted('load', async () => {
      await this.intercept('load', name);
      return this.inner.load(name);
    });
  }

  async append(name: string, firstSeq: number, updates: Uint8Array[], authors?: readonly string[]): Promise<void> {
    return this.counted('append', async () => {
      await this.intercept('append', name);
      return this.inner.append(name, firstSeq, updates, authors);
    });
  }

  readAfter(name: string, afterSeq: number): Promise<StoredBatch[]> {
    return this.inner.readAfter(name, afterSeq);
  }

  async compact(name: string, state: Uint8Array, upToSeq: number, baseVersion: number): Promise<number> {
    return this.counted('compact', async () => {
      await this.intercept('compact', name);
      return this.inner.compact(name, state, upToSeq, baseVersion);
    });
  }
}

/** Makes the next `times` calls of one model method throw, as a crash at that step would stop it. */
export function failModelStep(model: object, method: string, times = 1) {
  const target = model as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method]!;
  let hits = 0;
  target[method] = function (this: unknown, ...args: unknown[]) {
    if (hits++ < times) return Promise.reject(new Error(`injected crash at ${method}`));
    return original.apply(this, args);
  };
  return {
    hits: () => hits,
    restore: () => {
      target[method] = original;
    },
  };
}
