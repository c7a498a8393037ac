import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Environment variables the server reads; the README's configuration table mirrors this. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  MONGODB_URI: z.string().startsWith('mongodb').optional(),
  /** Set: cluster mode (several nodes on one database and this Redis); unset: one process. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  FERRETDB_BIN: z.string().min(1).optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(240),
  SESSION_CHECK_SECONDS: z.coerce.number().positive().default(30),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(50),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().positive().default(20),
  SOCKET_EVENT_BURST: z.coerce.number().int().min(1).default(60),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('Roundtable <no-reply@localhost>'),
  COOKIE_SECURE: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: bool.default(true),
  COLLAB_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    // one update must fit one log record (RECORD_BYTES in collab/store.ts), far below the 16 MB document limit
    .max(8 * 1024 * 1024, 'COLLAB_MAX_FRAME_BYTES must be at most 8388608 (one database log record)')
    .default(2 * 1024 * 1024),
  COLLAB_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  COLLAB_COMPACT_AFTER_UPDATES: z.coerce.number().int().min(2).default(500),
  COLLAB_MAX_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  COLLAB_BURST_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
  COLLAB_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(16 * 1024 * 1024),
  COLLAB_MAX_PENDING_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(64 * 1024 * 1024),
  COLLAB_WRITE_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  COLLAB_COMPACT_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  COLLAB_COMPACT_CONCURRENCY: z.coerce.number().int().min(1).default(1),
  /** `auto`: one node journals each update locally and copies it to the database in batches; `off`: every update is committed to the database before it is forwarded (always so in a cluster). */
  COLLAB_JOURNAL: z.enum(['auto', 'off']).default('auto'),
  COLLAB_JOURNAL_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  CLIENT_DIST: z.string().optional(),
  PLAN_MAX_PRIORITIES: z.coerce.number().int().min(1).default(500),
  PLAN_MAX_DESCRIPTION_CHARS: z.coerce.number().int().min(100).default(50_000),
  PLAN_MAX_DOC_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(4 * 1024 * 1024),
  PLAN_CHECKPOINT_MINUTES: z.coerce.number().positive().default(60),
  /** Messages one person may post per minute across all threads (docs/threads.md). */
  THREAD_POSTS_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** A LibreTranslate server for machine translation of messages; unset: no machine translation. */
  LIBRETRANSLATE_URL: z.string().url().optional(),
  LIBRETRANSLATE_API_KEY: z.string().min(1).optional(),
  /** How long one translation may take before the reader is told it is unavailable. */
  TRANSLATION_TIMEOUT_MS: z.coerce.number().int().min(100).default(8000),
  /**
   * The Jitsi server whose calls a roundtable page may embed (the only origin the CSP lets it
   * frame); empty: calls are never embedded, only linked.
   */
  JITSI_ORIGIN: z
    .string()
    .default('https://meet.jit.si')
    .refine((value) => value === '' || isHttpsOrigin(value), 'must be an https origin such as https://meet.jit.si'),
});

function isHttpsOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.origin === value && !url.username && !url.password;
  } catch {
    return false;
  }
}

export interface Config {
  port: number;
  host: string;
  publicUrl: string | undefined;
  mongodbUri: string | undefined;
  redisUrl: string | undefined;
  /** Overrides the database named in the URI (tests use one per run). */
  dbName: string | undefined;
  dataDir: string;
  ferretdbBin: string;
  sessionSecret: string;
  sessionTtlMs: number;
  sessionIdleMs: number;
  /** How often open connections' sessions are checked for their end (expiry, idle time). */
  sessionCheckMs: number;
  login: { maxFailuresPerAccount: number; maxAttemptsPerIp: number; windowMs: number };
  /** Socket.IO events one socket may send: a burst, then a sustained rate. */
  socketEvents: { burst: number; perSecond: number };
  smtpUrl: string | undefined;
  mailFrom: string;
  cookieSecure: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  seedDemo: boolean;
  collab: {
    maxFrameBytes: number;
    unloadDelayMs: number;
    compactAfterUpdates: number;
    /** What one connection may send: a burst (at least one full frame), then a sustained rate. */
    burstBytes: number;
    bytesPerSecond: number;
    /** A reader with more than this waiting to be sent to it is closed (it resyncs when it reconnects). */
    maxBufferedBytes: number;
    /** Updates waiting to be stored, per document; past it the sending connection is closed (1011). */
    maxPendingBytes: number;
    /** A database write taking longer closes the document's connections (1011); clients resync later. */
    writeTimeoutMs: number;
    /** A compaction's turn ends after this long even if the database has not answered. */
    compactTimeoutMs: number;
    /** Compactions running at once across all documents (they take turns; appends never wait for them). */
    compactConcurrency: number;
    /** A cold build stops waiting for the stored state's writes when none progressed for this long (tests). */
    coldSendStallMs?: number;
  };
  /**
   * The sync server's local journal (one node only): each update is fdatasync'd to a file in
   * `dir` before it is forwarded, and copied into the database every `flushMs`. null: off.
   */
  journal: { dir: string; flushMs: number } | null;
  /** Folder with the production client build, served when present. */
  clientDist: string | undefined;
  /** Action plans: caps every update is checked against, and how often an edited plan gets a checkpoint. */
  plans: { maxPriorities: number; maxDescriptionChars: number; maxDocBytes: number; checkpointMs: number };
  /** Discussion threads: the per-person posting rate. */
  threads: { postsPerMinute: number };
  /** Machine translation of messages: `libretranslate` null when not configured. */
  translation: { libretranslate: { url: string; apiKey: string | undefined } | null; timeoutMs: number };
  /** Video calls: the Jitsi origin a roundtable page may embed (and the CSP frame); null: never. */
  calls: { jitsiOrigin: string | null };
}

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/** Reads and validates the environment; throws one readable error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    mongodbUri: e.MONGODB_URI,
    redisUrl: e.REDIS_URL,
    dbName: undefined,
    dataDir,
    ferretdbBin: e.FERRETDB_BIN ?? path.join(PROJECT_ROOT, '.cache', 'bin', 'ferretdb'),
    sessionSecret: e.SESSION_SECRET ?? loadOrCreateSecret(dataDir),
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionCheckMs: e.SESSION_CHECK_SECONDS * 1000,
    login: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES,
      maxAttemptsPerIp: e.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
    },
    socketEvents: { burst: e.SOCKET_EVENT_BURST, perSecond: e.SOCKET_EVENTS_PER_SECOND },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    cookieSecure: e.COOKIE_SECURE ?? e.PUBLIC_URL?.startsWith('https:') ?? false,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    collab: {
      maxFrameBytes: e.COLLAB_MAX_FRAME_BYTES,
      unloadDelayMs: e.COLLAB_UNLOAD_DELAY_MS,
      compactAfterUpdates: e.COLLAB_COMPACT_AFTER_UPDATES,
      burstBytes: Math.max(e.COLLAB_BURST_BYTES, e.COLLAB_MAX_FRAME_BYTES),
      bytesPerSecond: e.COLLAB_MAX_BYTES_PER_SECOND,
      maxBufferedBytes: e.COLLAB_MAX_BUFFERED_BYTES,
      maxPendingBytes: Math.max(e.COLLAB_MAX_PENDING_BYTES, e.COLLAB_MAX_FRAME_BYTES),
      writeTimeoutMs: e.COLLAB_WRITE_TIMEOUT_MS,
      compactTimeoutMs: e.COLLAB_COMPACT_TIMEOUT_MS,
      compactConcurrency: e.COLLAB_COMPACT_CONCURRENCY,
    },
    // in a cluster the database orders the writes of every node serving a document
    journal:
      e.COLLAB_JOURNAL === 'off' || e.REDIS_URL
        ? null
        : { dir: path.join(dataDir, 'journal'), flushMs: e.COLLAB_JOURNAL_FLUSH_MS },
    clientDist: e.CLIENT_DIST ?? path.join(PROJECT_ROOT, 'dist', 'client'),
    plans: {
      maxPriorities: e.PLAN_MAX_PRIORITIES,
      maxDescriptionChars: e.PLAN_MAX_DESCRIPTION_CHARS,
      maxDocBytes: e.PLAN_MAX_DOC_BYTES,
      checkpointMs: e.PLAN_CHECKPOINT_MINUTES * 60_000,
    },
    threads: { postsPerMinute: e.THREAD_POSTS_PER_MINUTE },
    translation: {
      libretranslate: e.LIBRETRANSLATE_URL ? { url: e.LIBRETRANSLATE_URL, apiKey: e.LIBRETRANSLATE_API_KEY } : null,
      timeoutMs: e.TRANSLATION_TIMEOUT_MS,
    },
    calls: { jitsiOrigin: e.JITSI_ORIGIN || null },
  };
}

/** Keeps a generated secret in DATA_DIR so sessions survive restarts without configuration. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  }
}
