/**
 * Reading OpenIAM's `BasicAjaxResponse` (docs/protocols/openiam.md §3, client pitfalls 1, 4, 5, 7).
 * Success is decided on the BODY (`error === false && status === 200`), not the HTTP status; an
 * envelope that is not JSON, or carries a stack trace / INTERNAL_ERROR, is an upstream fault (502).
 * `stackTrace` and `contextValues` are read here and nowhere else: only the error NAMES and the
 * moving factor leave this file, so internals never reach a log line, an error or the browser.
 */
import { z } from 'zod';
import { UpstreamError } from '../connector.js';

const errorToken = z.object({ error: z.string().nullish(), i18nError: z.string().nullish() }).loose();
const envelopeSchema = z
  .object({
    status: z.number(),
    error: z.boolean(),
    errorList: z.array(errorToken).nullish(),
    contextValues: z.record(z.string(), z.unknown()).nullish(),
    stackTrace: z.string().nullish(),
  })
  .loose();

export type EnvelopeVerdict = { ok: true; contextValues: Record<string, unknown> } | { ok: false; errors: string[] };

/** Classifies an answer; throws UpstreamError for transport-level nonsense and server faults. */
export function readEnvelope(where: string, httpStatus: number, text: string): EnvelopeVerdict {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UpstreamError('bad_response', `${where}: HTTP ${httpStatus} answer is not JSON`);
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success)
    throw new UpstreamError('bad_response', `${where}: HTTP ${httpStatus} answer is not an OpenIAM envelope`);
  const env = parsed.data;
  const errors = (env.errorList ?? []).map((t) => safeName(t.error ?? t.i18nError ?? 'UNKNOWN'));
  if (env.stackTrace || errors.includes('INTERNAL_ERROR')) {
    // A server-side exception: say so, without the trace or its context values.
    throw new UpstreamError(
      'bad_response',
      `${where}: OpenIAM internal error [${errors.join(',')}] (stack trace withheld)`,
    );
  }
  if (env.error === false && env.status === 200) {
    // Fail closed on a success body under an error HTTP status: one of the two is lying.
    if (httpStatus < 200 || httpStatus >= 300)
      throw new UpstreamError('bad_response', `${where}: success body with HTTP ${httpStatus}`);
    return { ok: true, contextValues: env.contextValues ?? {} };
  }
  // A business failure: read from the body whatever the HTTP status (unconfirmed, §4.3).
  return { ok: false, errors: errors.length ? errors : [`STATUS_${env.status}`] };
}

/** Only enum-like names go into details and logs. */
function safeName(name: string): string {
  return /^[A-Z][A-Z0-9_]{0,63}$/.test(name) ? name : 'UNRECOGNISED';
}

/** The moving factor from a send answer: a JSON number in 4.x (seed), accepted as a digit string too. */
export function movingFactor(contextValues: Record<string, unknown>, key: string): string | null {
  const direct = contextValues[key];
  const value = direct ?? Object.entries(contextValues).find(([k]) => /movingfactor$/i.test(k))?.[1];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value;
  return null;
}
