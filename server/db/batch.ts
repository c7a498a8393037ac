import DataLoader from 'dataloader';

/**
 * A look-up by key that coalesces concurrent callers into one query (`loadMany`
 * answers many keys at once, e.g. with `$in`). Nothing is cached between batches,
 * so every answer is as fresh as a single query. A batch holds every key asked for
 * during one turn of the event loop (all the upgrades that arrived together; those
 * answered together then ask their next look-up together), so a burst of 200
 * WebSocket upgrades costs a few queries instead of 200. Batches do not wait for
 * each other: one slow query never holds up the next.
 */
export function batchedLookup<K, V>(
  loadMany: (keys: readonly K[]) => Promise<Map<K, V>>,
): (key: K) => Promise<V | undefined> {
  const loader = new DataLoader<K, V | undefined>(
    (keys) => loadMany(keys).then((found) => keys.map((key) => found.get(key))),
    { cache: false, batchScheduleFn: (run) => setImmediate(run) },
  );
  return (key) => loader.load(key);
}
