import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UI_LANGUAGES } from '../../shared/languages.js';
import { hashPassword } from '../auth/password.js';
import { checkPassword } from '../auth/passwordRules.js';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/connect.js';
import { syncIndexes } from '../db/models.js';
import { createModels } from '../models.js';
import { createLogger } from '../logger.js';
import { colorFor } from '../auth/colors.js';

const USAGE = `Usage: npm run admin -- create-user --email E --password P --name N [--admin] [--language en|ar]`;

const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(12, 'password must be at least 12 characters'),
  name: z.string().trim().min(1).max(120),
  admin: z.boolean().default(false),
  language: z.enum(UI_LANGUAGES).default('en'),
});

/** Operator commands, run beside (or instead of) a running server against the same database. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'create-user') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean' },
      language: { type: 'string' },
    },
  });
  const input = createUserSchema.safeParse(values);
  if (!input.success) {
    process.stderr.write(
      `${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}\n`,
    );
    return 2;
  }
  try {
    checkPassword(input.data.password, { email: input.data.email, name: input.data.name });
  } catch (error) {
    process.stderr.write(`password: ${(error as Error).message}\n`);
    return 2;
  }
  const config = loadConfig();
  const db = await connectDatabase(config, createLogger('warn'), { shareRunning: true });
  try {
    const models = createModels(db.connection);
    await syncIndexes(models);
    const { email, password, name, admin, language } = input.data;
    if (await models.User.exists({ email })) {
      process.stderr.write(`A user with the email ${email} already exists.\n`);
      return 1;
    }
    const user = await models.User.create({
      email,
      name,
      language,
      isAdmin: admin,
      passwordHash: await hashPassword(password),
      color: colorFor(email),
    });
    process.stdout.write(`Created ${admin ? 'admin ' : ''}user ${user.email} (${String(user._id)}).\n`);
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
