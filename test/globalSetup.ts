import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROJECT_ROOT } from '../server/config.js';
import { startFerretDb } from '../server/db/ferretdb.js';
import { createLogger } from '../server/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/**
 * One database server for the whole run: MONGODB_URI when set (a real MongoDB),
 * otherwise the embedded FerretDB in a fresh temporary folder. Each test file
 * then works in a database of its own.
 */
export default async function setup(project: TestProject) {
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI);
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'roundtable-test-'));
  const db = await startFerretDb({
    bin: process.env.FERRETDB_BIN ?? path.join(PROJECT_ROOT, '.cache', 'bin', 'ferretdb'),
    dataDir,
    logger: createLogger('warn'),
  });
  project.provide('mongoUri', db.uri);
  return async () => {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
