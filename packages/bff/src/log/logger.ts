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

const FLAT_LOGGER = Symbol('bff.flatLogger');

/** A pino logger writing to `destination` (default stdout) with redaction and scrubbing. */
export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  // Longest first, so a secret that contains another is replaced whole; as they appear in JSON.
  const values = [...new Set(options.secretValues.filter((v) => v.length >= 4))]
    .sort((a, b) => b.length - a.length)
    .map(escapeForJson);
  const settings = (paths: string[]) => ({
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { name: 'auth-bff' },
    redact: { paths, censor: '[REDACTED]' },
    hooks: {
      streamWrite(line: string) {
        let out = line;
        for (const value of values) if (out.includes(value)) out = out.split(value).join('[REDACTED]');
        return out;
      },
    },
  });
  const stream = destination ?? pino.destination({ sync: false });
  const logger = pino(settings(REDACT_PATHS), stream);
  // For lines whose every value is a string or number (the access line): a `*.field` path can
  // only match inside an OBJECT value, so for them the wildcard paths are a no-op, yet pino runs
  // them on every field (~10 µs a line, bench/http.mjs). Same stream, same top-level paths, same
  // secret-value scrubbing.
  // Its own level is the lowest: logFlat asks the MAIN logger (whose level may change) first.
  const flat = pino({ ...settings(REDACT_PATHS.filter((p) => !p.startsWith('*.'))), level: 'trace' }, stream);
  Object.defineProperty(logger, FLAT_LOGGER, { value: flat });
  return logger;
}

/** Fields that are all strings or numbers: nothing a `*.field` redaction path could match. */
export type FlatFields = Record<string, string | number>;

type WithFlat = Logger & { [FLAT_LOGGER]?: Logger };

/** `logger.child(bindings)`, keeping a flat sibling (with the same bindings) when it has one. */
export function childLogger(logger: Logger, bindings: FlatFields): Logger {
  const child = logger.child(bindings);
  const flat = (logger as WithFlat)[FLAT_LOGGER];
  if (flat) Object.defineProperty(child, FLAT_LOGGER, { value: flat.child(bindings) });
  return child;
}

/**
 * Logs `fields` at `level` (default info) on `logger`, through its flat sibling when it has one
 * (createLogger, childLogger). Only for fields that are strings or numbers (the type says so);
 * whether the level is on is asked of `logger` itself.
 */
export function logFlat(logger: Logger, fields: FlatFields, msg: string, level: 'info' | 'warn' = 'info'): void {
  const flat = (logger as WithFlat)[FLAT_LOGGER];
  if (!flat) return logger[level](fields, msg);
  if (logger.isLevelEnabled(level)) flat[level](fields, msg);
}
