/**
 * Logs: pino JSON lines (UTC epoch ms `time`), one per request plus audit events (log/audit.ts).
 *
 * Secrets never reach a log line (docs/security.md G-02), by three layers:
 *  1. nothing logs request bodies, cookies or session ids in the first place;
 *  2. secret-named fields are censored at the top level of a line and one level down (pino
 *     `redact` paths, `censorNested`);
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
/**
 * Paths pino's `redact` censors: every secret field at the top level of a line, and header paths.
 * The same fields ONE LEVEL DOWN (`*.password`: `{err: {password}}`, `{input: {otp}}`) are
 * censored by `censorNested` below instead of a `*.field` path: pino runs a wildcard path's
 * redactor on every value of every line, which costs more than writing the line (bench/http.mjs).
 */
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers["set-cookie"]',
];

const SECRET_FIELD = new Set(SECRET_FIELDS);
const CENSOR = '[REDACTED]';

/**
 * `fields` with every secret-named field of its object values censored (what a `*.field` redact
 * path does). Values are never changed in place; an object holding no secret field is kept as
 * is, and a censored copy keeps its prototype and own properties (an Error stays an Error).
 */
export function censorNested<T extends Record<string, unknown>>(fields: T): T {
  let out: Record<string, unknown> | undefined;
  for (const key in fields) {
    const value = fields[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    let copy: Record<string, unknown> | undefined;
    for (const name of Object.keys(value)) {
      if (!SECRET_FIELD.has(name)) continue;
      copy ??= Object.create(
        Object.getPrototypeOf(value) as object | null,
        Object.getOwnPropertyDescriptors(value),
      ) as Record<string, unknown>;
      Object.defineProperty(copy, name, { value: CENSOR, enumerable: true, writable: true, configurable: true });
    }
    if (copy) (out ??= { ...fields })[key] = copy;
  }
  return (out ?? fields) as T;
}

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
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      formatters: { log: censorNested, bindings: censorNested },
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
