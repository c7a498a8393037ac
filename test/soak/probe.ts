/**
 * Preloaded into the server process by the soak run (`--import`): answers the
 * parent's `soak:sample` message over the IPC channel with the server's own memory
 * and the longest event-loop delay since the previous sample. Changes nothing else.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProbeSample {
  type: 'soak:sample';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Event-loop delay since the previous sample, in ms. */
  loopMaxMs: number;
  loopP99Ms: number;
}

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on('message', (message) => {
    if (message !== 'soak:sample') return;
    const memory = process.memoryUsage();
    const sample: ProbeSample = {
      type: 'soak:sample',
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      loopMaxMs: delay.max / 1e6,
      loopP99Ms: delay.percentile(99) / 1e6,
    };
    delay.reset();
    process.send!(sample);
  });
  // the channel must not keep a server alive that was asked to stop
  process.channel?.unref();
}
