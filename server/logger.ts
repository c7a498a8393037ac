import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; one root logger per app instance, children per domain. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'roundtable' },
    redact: { paths: ['req.headers.cookie', 'password', '*.password'], censor: '[redacted]' },
  });
}
