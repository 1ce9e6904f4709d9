/**
 * Logs: pino JSON lines (UTC epoch ms `time`), one per request plus audit events (log/audit.ts).
 *
 * Secrets never reach a log line (SECURITY.md G-02), by three layers:
 *  1. nothing logs request bodies, cookies or session ids in the first place;
 *  2. pino `redact` censors secret-named fields wherever they appear (by path);
 *  3. a last-chance scrub replaces every configured secret VALUE (session secrets, `${ENV}`
 *     values, connector passwords/API keys) in the serialised line, whatever field it hid in.
 * Log injection (G-03): pino JSON-encodes strings, so CR/LF in user input stay inside one record.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

const SECRET_FIELDS = [
  'password',
  'newPassword',
  'code',
  'otp',
  'token',
  'captcha',
  'secret',
  'secrets',
  'apiKey',
  'adminPassword',
  'servicePassword',
  'cookie',
  'authorization',
  'upstream',
  'sessionId',
];
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers["set-cookie"]',
];

export type { Logger };

function escapeForJson(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

export interface LoggerOptions {
  /** Values to scrub from every line (BffConfig.secretValues). */
  secretValues: string[];
  level?: string;
}

/** A pino logger writing to `destination` (default stdout) with redaction and scrubbing. */
export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  // Longest first, so a secret that contains another is replaced whole; as they appear in JSON.
  const values = [...new Set(options.secretValues.filter((v) => v.length >= 4))]
    .sort((a, b) => b.length - a.length)
    .map(escapeForJson);
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { name: 'auth-bff' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: {
        streamWrite(line: string) {
          let out = line;
          for (const value of values) if (out.includes(value)) out = out.split(value).join('[REDACTED]');
          return out;
        },
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}
