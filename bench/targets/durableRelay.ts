/**
 * The limit for any server that keeps Roundtable's promise — every update is stored before
 * anyone sees it — and does nothing else: the relay (`relay.ts`), except that each frame is
 * appended to a log file and the file synced to disk (`fdatasync`) before the frame is forwarded.
 * Frames that arrive in the same turn of the event loop share one write and one sync (group
 * commit), and the records go over zeros written ahead, as in Roundtable's journal. No Yjs, no
 * checks, no database; the log is in the system's temporary directory, as Roundtable's data
 * folder is in the bench.
 */
import { fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { forward, serveRooms, type Room } from './rooms.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bench-durable-relay-'));
const log = openSync(path.join(dir, 'log'), 'w');
/**
 * Records are written in place over zeros written and synced ahead of them, as Roundtable's
 * journal does: a sync after an append would also write the file's new size.
 */
const ZEROS = Buffer.alloc(1 << 20);
let zeroedTo = 0;
let position = 0;
function zeroAhead(needed: number): void {
  if (zeroedTo - position >= needed + ZEROS.length / 2) return;
  while (zeroedTo - position < needed + ZEROS.length) zeroedTo += writeSync(log, ZEROS, 0, ZEROS.length, zeroedTo);
}
zeroAhead(0);
fdatasyncSync(log);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
process.on('SIGTERM', () => process.exit(0));

interface Pending {
  room: Room;
  from: WebSocket;
  data: Buffer;
  isBinary: boolean;
}
let pending: Pending[] = [];

/** Stores every frame received this turn (one write, one sync), then forwards each. */
function commit(): void {
  const batch = pending;
  pending = [];
  const parts: Buffer[] = [];
  for (const { data } of batch) {
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32LE(data.byteLength);
    parts.push(length, data);
  }
  const record = Buffer.concat(parts);
  zeroAhead(record.byteLength);
  position += writeSync(log, record, 0, record.byteLength, position);
  fdatasyncSync(log);
  for (const { room, from, data, isBinary } of batch) forward(room, from, data, isBinary);
}

serveRooms((room, from, data, isBinary) => {
  if (pending.length === 0) setImmediate(commit);
  pending.push({ room, from, data, isBinary });
});
