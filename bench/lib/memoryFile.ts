import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where a target's bench/lib/gcOnSignal.ts reports its memory after a collection. */
export function memoryFile(pid: number): string {
  return path.join(tmpdir(), `roundtable-bench-memory-${pid}.json`);
}

/** Where it writes a heap snapshot when asked (see `measureHeap` in proc.ts). */
export function heapSnapshotFile(pid: number): string {
  return path.join(tmpdir(), `roundtable-bench-heap-${pid}.heapsnapshot`);
}
