import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { startFerretDb, type EmbeddedDatabase } from '../../server/db/ferretdb.js';
import { createLogger } from '../../server/logger.js';
import { startServer } from '../helpers/server.js';

/** TCP sockets a process listens on, read from /proc (Linux). */
function tcpListeners(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // the descriptor closed meanwhile
    }
  }
  const listening: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && inodes.has(cols[9]!)) listening.push(cols[1]!);
    }
  }
  return listening;
}

describe('the embedded database', () => {
  let dataDir: string;
  let db: EmbeddedDatabase;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'roundtable-db-'));
    db = await startFerretDb({
      bin: process.env.FERRETDB_BIN ?? path.join(PROJECT_ROOT, '.cache', 'bin', 'ferretdb'),
      dataDir,
      logger: createLogger('silent'),
    });
  });
  afterAll(async () => {
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens only on a Unix socket that only its owner can reach, not on TCP', async () => {
    const owner = JSON.parse(
      readFileSync(path.join(dataDir, 'ferretdb', 'state', 'roundtable-owner.json'), 'utf8'),
    ) as {
      ferretPid: number;
    };
    expect(tcpListeners(owner.ferretPid)).toEqual([]);
    const socketPath = decodeURIComponent(db.uri.slice('mongodb://'.length).replace(/\/$/, ''));
    expect(statSync(socketPath).isSocket()).toBe(true);
    expect(statSync(path.dirname(socketPath)).mode & 0o077).toBe(0);
    expect(statSync(socketPath).mode & 0o077).toBe(0);

    const connection = await mongoose.createConnection(db.uri, { dbName: 'probe' }).asPromise();
    try {
      expect(await connection.db!.command({ ping: 1 })).toMatchObject({ ok: 1 });
    } finally {
      await connection.close();
    }
  });

  it('writes ask for majority and journal acknowledgement', async () => {
    const server = await startServer();
    try {
      expect(server.app.db.connection.getClient().writeConcern).toMatchObject({ w: 'majority', journal: true });
    } finally {
      await server.close();
    }
  });
});
