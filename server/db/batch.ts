import DataLoader from 'dataloader';

/** Batches of one look-up in flight at once; further keys gather into the next batch meanwhile. */
const MAX_IN_FLIGHT = 2;

/**
 * A look-up by key that coalesces concurrent callers into one query (`loadMany`
 * answers many keys at once, e.g. with `$in`). Nothing is cached between batches,
 * so every answer is as fresh as a single query. While MAX_IN_FLIGHT batches are
 * being answered, keys asked for meanwhile gather into the next, so a burst of 200
 * WebSocket upgrades costs a few queries instead of 200; more than one in flight,
 * so one slow query does not hold up every other look-up of its kind.
 */
export function batchedLookup<K, V>(
  loadMany: (keys: readonly K[]) => Promise<Map<K, V>>,
): (key: K) => Promise<V | undefined> {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const dispatch = (run: () => void) => {
    inFlight++;
    run();
  };
  const loader = new DataLoader<K, V | undefined>(
    // without a cache DataLoader passes a key once per caller: 200 upgrades of one room would
    // ask for it 200 times in one `$in`
    (keys) =>
      loadMany([...new Set(keys)])
        .then((found) => keys.map((key) => found.get(key)))
        .finally(() => {
          inFlight--;
          const next = waiting.shift();
          if (next) dispatch(next);
        }),
    {
      cache: false,
      // after the I/O callbacks of this turn: the upgrades that arrived together go together
      batchScheduleFn: (run) => setImmediate(() => (inFlight < MAX_IN_FLIGHT ? dispatch(run) : waiting.push(run))),
    },
  );
  return (key) => loader.load(key);
}
