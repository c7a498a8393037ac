import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { heapSnapshotFile, memoryFile } from './memoryFile.js';
import { waitFor } from './stats.js';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS = 100;

function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) may hold spaces; everything after its closing parenthesis is fixed
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU seconds (all threads) the processes have used so far: user + system, or only the time the
 * kernel spent on their behalf (`system`: their system calls, e.g. socket writes and disk syncs).
 */
export function cpuSeconds(pids: number[], which: 'all' | 'system' = 'all'): number {
  let ticks = 0;
  for (const pid of pids) {
    const f = statFields(pid);
    ticks += (which === 'all' ? Number(f[11]) : 0) + Number(f[12]);
  }
  return ticks / TICKS;
}

/** Busy CPU seconds of one core so far, whoever used it (/proc/stat: user, nice, system, irq, softirq, steal). */
export function coreBusySeconds(core: number): number {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`cpu${core} `));
  const f = line!.split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!) / TICKS;
}

/** A process's memory after a full garbage collection (Node's `process.memoryUsage()`). */
export interface CollectedMemory {
  rss: number;
  heapUsed: number;
  /** Memory of C++ objects bound to JavaScript objects, Buffers' included. */
  external: number;
  /** The part of `external` that is the contents of Buffers and ArrayBuffers. */
  arrayBuffers: number;
  /** The part of `heapUsed` that is compiled code (V8's code spaces). */
  codeUsed: number;
}

/**
 * Has each process (a target started with bench/lib/gcOnSignal.ts) run a full garbage
 * collection, and returns what each then held, summed.
 */
export async function measureMemory(pids: number[]): Promise<CollectedMemory> {
  const asked = Date.now();
  const total: CollectedMemory = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0, codeUsed: 0 };
  for (const pid of pids) {
    const file = memoryFile(pid);
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const report = JSON.parse(readFileSync(file, 'utf8')) as CollectedMemory & { at: number };
        if (report.at >= asked) {
          total.rss += report.rss;
          total.heapUsed += report.heapUsed;
          total.external += report.external;
          total.arrayBuffers += report.arrayBuffers;
          total.codeUsed += report.codeUsed;
          rmSync(file, { force: true });
          break;
        }
      } catch {
        // not written yet, or being written
      }
      if (Date.now() > deadline) throw new Error(`process ${pid} did not report its memory`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return total;
}

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
}

/**
 * Has each process write a heap snapshot (see bench/lib/gcOnSignal.ts) and returns the bytes of
 * everything in them but compiled code, summed: every object, array, string, closure and map
 * the collector found reachable, as the snapshot sizes them.
 */
export async function measureHeap(pids: number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) {
    const file = heapSnapshotFile(pid);
    rmSync(file, { force: true });
    process.kill(pid, 'SIGURG');
    if (!(await waitFor(() => existsSync(file), 120_000, 100)))
      throw new Error(`process ${pid} did not write its heap snapshot`);
    const { snapshot, nodes } = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
    rmSync(file, { force: true });
    const fields = snapshot.meta.node_fields;
    const types = snapshot.meta.node_types[0];
    const typeAt = fields.indexOf('type');
    const sizeAt = fields.indexOf('self_size');
    const code = types.indexOf('code');
    for (let i = 0; i < nodes.length; i += fields.length) if (nodes[i + typeAt] !== code) total += nodes[i + sizeAt]!;
  }
  return total;
}

/** Resident memory of the processes, in bytes. */
export function rssBytes(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    total += Number(line?.split(/\s+/)[1] ?? 0) * 1024;
  }
  return total;
}

/** Bytes the process caused to be written to storage (/proc/<pid>/io write_bytes). */
export function writtenBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/io`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('write_bytes:'));
  return Number(line?.split(/\s+/)[1] ?? 0);
}

/** Direct children of a process (the embedded database of a Roundtable server). */
export function childPids(parent: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(Number(entry))[1]) === parent) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Pins this process and all its threads to one CPU, so the target's core stays its own. */
export function pinSelf(core: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}

/** The machine, as the report states it. */
export function machine(): { nproc: number; cpu: string; node: string; load: number } {
  // os.cpus() lists every online CPU, unlike `nproc`, which honours this process's pinning
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    load: loadavg()[0]!,
  };
}
