import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type fc from 'fast-check';

/**
 * The seed for a fuzz suite: FUZZ_SEED when set (to replay a failure), otherwise a
 * fresh one. Printed either way, so any run can be replayed exactly.
 */
export function fuzzSeed(suite: string): number {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
  process.stdout.write(`[fuzz] ${suite}: seed ${seed} (replay with FUZZ_SEED=${seed})\n`);
  return seed;
}

/** fast-check parameters for a bounded run in the normal suite (FUZZ_RUNS raises it). */
export function fuzzParams<T>(seed: number, numRuns: number): fc.Parameters<T> {
  return { seed, numRuns: Number(process.env.FUZZ_RUNS ?? numRuns), endOnFailure: true, verbose: 1 };
}

/**
 * Measures how long the event loop was blocked while the server (in this process)
 * handled the fuzz input: the longest single delay, in milliseconds.
 */
export function watchEventLoop(): { stop(): { maxMs: number; p99Ms: number } } {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      return { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 };
    },
  };
}
