import { afterEach } from 'vitest';

/**
 * Returns `defer(cleanup)`: every cleanup a test registers runs after it, newest
 * first, whether the test passed or failed, so no client outlives its test.
 */
export function useTeardown(): (cleanup: () => unknown) => void {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => void cleanups.push(cleanup);
}
