import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { DEMO_PASSWORD, DEMO_ROLES } from './seed/demo.js';

/** Boots the server from the environment; everything else lives in createApp. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  // a promise someone forgot to catch is a bug to log, not a reason to drop every connection
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; still serving');
  });
  // after an uncaught exception the process state is unknown: say so loudly and exit
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting');
    process.stderr.write(`\nRoundtable stopped on an unexpected error: ${error.message}\n`);
    process.exit(1);
  });
  let app;
  try {
    app = await createApp(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    process.stderr.write(`\nRoundtable could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const url = await app.listen();
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  const demoUsers = await app.models.User.find({ email: /@demo\.roundtable$/ })
    .sort({ email: 1 })
    .lean();
  const lines = [``, `  Roundtable is running at ${config.publicUrl ?? url}`, ``];
  if (demoUsers.length > 0) {
    lines.push(`  Sign in as any demo user with the password "${DEMO_PASSWORD}":`);
    for (const u of demoUsers) {
      lines.push(
        `    ${u.email.padEnd(28)} ${u.name} — ${u.isAdmin ? 'platform admin' : u.title}${DEMO_ROLES[u.email] ?? ''}`,
      );
    }
  } else {
    lines.push('  Create an account with: npm run admin -- create-user --email E --password P --name N [--admin]');
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

void main();
