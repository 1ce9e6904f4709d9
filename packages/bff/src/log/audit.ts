/**
 * Audit events (docs/security.md G-03): every sign-in attempt, lock, code send, sign-out and CSRF
 * refusal, as `{audit: <event>, ...}` on the request's logger (so they carry the request id).
 * Identifiers of FAILED attempts are logged as a short hash only: a user who typed their
 * password into the identifier field must not find it in the logs.
 */
import { createHash } from 'node:crypto';
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
}

export function hashSubject(subject: string): string {
  return createHash('sha256').update(subject).digest('hex').slice(0, 16);
}

export function audit(log: Logger, event: AuditEvent, fields: AuditFields): void {
  const { subject, ...rest } = fields;
  const entry: Record<string, string | number> = {
    audit: event,
    ...auditEnvelope(event, log), // event, version, outcome, latencyMs (audit-event.schema.json)
    ...stringsAndNumbers(rest),
    ...(subject !== undefined ? { subjectHash: hashSubject(subject) } : {}),
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
