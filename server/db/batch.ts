import DataLoader from 'dataloader';

/**
 * A look-up by key that coalesces concurrent callers into one query (`loadMany`
 * answers many keys at once, e.g. with `$in`). Nothing is cached between batches,
 * so every answer is as fresh as a single query. One batch is in flight at a time:
 * keys asked for meanwhile wait for it and go together in the next, so a burst of
 * 200 WebSocket upgrades costs a few queries instead of 200.
 */
export function batchedLookup<K, V>(
  loadMany: (keys: readonly K[]) => Promise<Map<K, V>>,
): (key: K) => Promise<V | undefined> {
  let inFlight: Promise<unknown> = Promise.resolve();
  const loader = new DataLoader<K, V | undefined>(
    (keys) => {
      const batch = loadMany(keys).then((found) => keys.map((key) => found.get(key)));
      inFlight = batch.catch(() => undefined);
      return batch;
    },
    {
      cache: false,
      // after the I/O callbacks of this turn (all upgrades that arrived together), and after the batch before
      batchScheduleFn: (run) => void inFlight.then(() => setImmediate(run)),
    },
  );
  return (key) => loader.load(key);
}
