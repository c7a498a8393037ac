import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createApp, type App } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import type { PlatformOptions } from '../../server/platform/platform.js';
import { registerJournal } from './collab.js';

export interface TestServer {
  app: App;
  url: string;
  config: Config;
  /** Closes this server and starts a new one on the same database (a restart). */
  restart(): Promise<TestServer>;
  close(): Promise<void>;
}

/** Starts the real server in-process on port 0, in a database of its own. */
export type ServerOverrides = Omit<Partial<Config>, 'collab'> & { collab?: Partial<Config['collab']> };

export async function startServer(overrides: ServerOverrides = {}, options: PlatformOptions = {}): Promise<TestServer> {
  const base = loadConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'roundtable-app-')),
    SESSION_SECRET: randomBytes(32).toString('hex'),
  });
  const config: Config = {
    ...base,
    port: 0,
    mongodbUri: inject('mongoUri'),
    dbName: `rt_test_${randomBytes(6).toString('hex')}`,
    seedDemo: false,
    logLevel: 'silent',
    clientDist: undefined,
    // every test signs in from 127.0.0.1; suites that test the limit set their own
    login: { ...base.login, maxAttemptsPerIp: 100_000 },
    // suites post hundreds of messages back to back; the flood test sets its own limit
    socketEvents: { burst: 10_000, perSecond: 10_000 },
    // likewise for the per-person posting rate; threadsLimits.test.ts sets its own
    threads: { postsPerMinute: 100_000 },
    ...overrides,
    collab: { ...base.collab, unloadDelayMs: 50, ...overrides.collab },
  };
  return boot(config, options);
}

async function boot(config: Config, options: PlatformOptions): Promise<TestServer> {
  const app = await createApp(config, createLogger(process.env.TEST_LOG_LEVEL ?? config.logLevel), options);
  const url = await app.listen();
  if (app.journal && config.journal) registerJournal(app.models, config.journal.dir);
  const server: TestServer = {
    app,
    url,
    config,
    async restart() {
      await app.close();
      return boot(config, options);
    },
    close: () => app.close(),
  };
  return server;
}
