import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { startFerretDb, type EmbeddedDatabase } from '../../server/db/ferretdb.js';
import { createLogger } from '../../server/logger.js';
import { startServer } from '../helpers/server.js';

const run = promisify(execFile);

/** Whether the process runs (not a zombie waiting for its parent). */
function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

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
  it('does not outlive a server process that exits without stopping it', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'roundtable-db-exit-'));
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/fixtures/exitWithFerretDb.ts', folder], {
        cwd: PROJECT_ROOT,
      }).catch((error: { stdout: string }) => error); // it exits with 1, as a forced shutdown does
      const pid = Number(/ferretdb (\d+)/.exec(stdout)?.[1]);
      expect(pid).toBeGreaterThan(0);
      await expect.poll(() => isRunning(pid), { timeout: 5000 }).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

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
