import mongoose, { type Connection } from 'mongoose';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startFerretDb, type EmbeddedDatabase } from './ferretdb.js';

export interface Database {
  connection: Connection;
  /** `mongodb` when MONGODB_URI was given, `ferretdb` for the embedded default. */
  kind: 'mongodb' | 'ferretdb';
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export const DEFAULT_DB_NAME = 'roundtable';

/**
 * Connects to MONGODB_URI when set, otherwise starts the embedded FerretDB.
 * Commands are never buffered: a lost database fails fast with an error.
 */
export async function connectDatabase(
  config: Config,
  logger: Logger,
  options: { shareRunning?: boolean } = {},
): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    try {
      embedded = await startFerretDb({ bin: config.ferretdbBin, dataDir: config.dataDir, logger, ...options });
      uri = embedded.uri;
    } catch (error) {
      throw new Error(
        'No database available. Either set MONGODB_URI to a MongoDB (>= 6) or MongoDB-compatible server, ' +
          'or let Roundtable run its embedded FerretDB: run `scripts/setup` to build it ' +
          `(${(error as Error).message}).`,
      );
    }
  }
  const connection = mongoose.createConnection(uri, {
    dbName: config.dbName ?? (embedded ? DEFAULT_DB_NAME : databaseNameOf(uri)),
    bufferCommands: false,
    // acknowledged means durable: on a replica set, written to a majority and their journals
    writeConcern: { w: 'majority', journal: true },
    serverSelectionTimeoutMS: 5000,
    autoIndex: true,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await embedded?.stop();
    throw new Error(
      `Could not connect to ${config.mongodbUri ? 'MONGODB_URI' : 'the embedded FerretDB'}: ${(error as Error).message}. ` +
        'Set MONGODB_URI to a reachable MongoDB (>= 6), or unset it to use the embedded FerretDB.',
    );
  }
  logger.info({ kind: embedded ? 'ferretdb' : 'mongodb', db: connection.name }, 'database connected');
  return {
    connection,
    kind: embedded ? 'ferretdb' : 'mongodb',
    async ping(timeoutMs = 2000) {
      try {
        const db = connection.db;
        if (!db || connection.readyState !== 1) return false;
        await Promise.race([
          db.command({ ping: 1 }),
          new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), timeoutMs).unref()),
        ]);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close();
      await embedded?.stop();
    },
  };
}

/** The database named in a MongoDB URI's path, or the default. */
function databaseNameOf(uri: string): string {
  const afterHosts = uri.replace(/^mongodb(\+srv)?:\/\/[^/]*/, '');
  return decodeURIComponent(afterHosts.split('?')[0]!.replace(/^\//, '')) || DEFAULT_DB_NAME;
}
