/**
 * Audit events (docs/security.md G-03): every sign-in attempt, lock, code send, sign-out and CSRF
 * refusal, as `{audit: <event>, ...}` on the request's logger (so they carry the request id).
 * Identifiers of FAILED attempts are logged as a short hash only: a user who typed their
 * password into the identifier field must not find it in the logs.
 *
 * The hash is KEYED (HMAC-SHA-256): a plain hash of a phone number is reversed offline by trying
 * every number. The key is derived from the newest session secret with a label of its own
 * (`subjectKey`), so every instance of a deployment hashes a subject alike (logs correlate) and
 * nobody without the secret can test a guess; rotating the secret starts new hashes.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { auditEnvelope } from './audit-envelope.js';

export type AuditEvent =
  | 'signin.success'
  | 'signin.failure'
  | 'signin.locked'
  | 'code.sent'
  | 'code.refused'
  | 'signout'
  | 'csrf.rejected'
  | 'upstream.error';

export interface AuditFields {
  method?: string;
  connector?: string;
  userId?: string;
  ip: string;
  reason?: string;
  /** An identifier/destination typed by the client: logged hashed. */
  subject?: string;
  retryAfterSeconds?: number;
  /** csrf.rejected: the request's Origin header (not a secret; it tells which origin to allow). */
  origin?: string;
}

/** The audit key of a deployment: HMAC(newest session secret, label). */
export function subjectKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('auth-login audit subject hash v1').digest();
}

export function hashSubject(subject: string, key: Buffer): string {
  return createHmac('sha256', key).update(subject).digest('hex').slice(0, 16);
}

/** Each BFF's key, on the logger its requests log through (request loggers are pino children of it). */
const keys = new WeakMap<object, Buffer>();
/** Outside a BFF (a logger nobody registered): a key of this process, never a plain hash. */
const processKey = randomBytes(32);

/** Registers the audit key of the logger a BFF's request loggers derive from. */
export function useSubjectKey(logger: Logger, key: Buffer): void {
  keys.set(logger, key);
}

function keyOf(log: Logger): Buffer {
  // pino's child() is Object.create(parent): the registered logger is up the prototype chain.
  for (let l: object | null = log; l; l = Object.getPrototypeOf(l) as object | null) {
    const key = keys.get(l);
    if (key) return key;
  }
  return processKey;
}

export function audit(log: Logger, event: AuditEvent, fields: AuditFields): void {
  const { subject, ...rest } = fields;
  const entry: Record<string, string | number> = {
    audit: event,
    ...auditEnvelope(event, log), // event, version, outcome, latencyMs (audit-event.schema.json)
    ...stringsAndNumbers(rest),
    ...(subject !== undefined ? { subjectHash: hashSubject(subject, keyOf(log)) } : {}),
  };
  const level = event === 'signin.success' || event === 'signout' || event === 'code.sent' ? 'info' : 'warn';
  log[level](entry, event);
}

/** AuditFields minus undefined values (pino drops those from the line too). */
function stringsAndNumbers(fields: Omit<AuditFields, 'subject'>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}
