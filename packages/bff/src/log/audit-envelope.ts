/**
 * The versioned envelope of every audit line (audit-event.schema.json, docs/operations.md "Audit
 * events"): `event` (the same as the older `audit` key), `version` of the schema, `outcome`, and,
 * when the line belongs to a request, `latencyMs` since the request arrived. A change to the fields
 * of a line that a SIEM rule could notice raises AUDIT_SCHEMA_VERSION.
 */
import type { Logger } from 'pino';

export const AUDIT_SCHEMA_VERSION = 1;

export type AuditOutcome = 'success' | 'failure' | 'refused' | 'error';

const OUTCOME: Record<string, AuditOutcome> = {
  'signin.success': 'success',
  'signin.failure': 'failure',
  'signin.locked': 'refused',
  'code.sent': 'success',
  'code.refused': 'refused',
  signout: 'success',
  'signout.revoked': 'success',
  'csrf.rejected': 'refused',
  'upstream.error': 'error',
};

/** When each request's logger was made for: set by the request context (http/request-context.ts). */
const STARTED = new WeakMap<Logger, number>();

export function requestStarted(log: Logger, startedAt: number): void {
  STARTED.set(log, startedAt);
}

export function auditEnvelope(
  event: string,
  log?: Logger,
): { event: string; version: number; outcome: AuditOutcome; latencyMs?: number } {
  const started = log ? STARTED.get(log) : undefined;
  return {
    event,
    version: AUDIT_SCHEMA_VERSION,
    outcome: OUTCOME[event] ?? 'error',
    ...(started !== undefined ? { latencyMs: Math.round(performance.now() - started) } : {}),
  };
}
