/**
 * The parts request bodies are made of (docs/security.md F-01, F-02): strings only, a length limit on
 * every field, no NUL or other control characters (C0, DEL, C1: they can end a frame or break an
 * XML document upstream), no unknown fields. Each method's bodies are written in methods.ts.
 * Values are relayed exactly as typed: nothing is trimmed or case-folded.
 */
import { z } from 'zod';
import { AuthError } from '../errors.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A required string field of at most `max` characters, no control characters. */
export const field = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s), 'control characters are not allowed');

export const LIMITS = {
  identifier: 256,
  password: 256,
  code: 16,
  otp: 32,
  token: 8192,
  phone: 32,
  captcha: 16,
  domain: 253,
} as const;

/** Validates; a failure names the field (never its value). */
export function parseBody<S extends z.ZodType>(schema: S, body: Record<string, unknown>): z.output<S> {
  for (const key of Object.keys(body)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      throw new AuthError('invalid_request');
    }
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys')
    throw new AuthError('invalid_request', { message: 'The request has an unknown field.' });
  const name = issue?.path[0];
  // Only our own field names are echoed (never a value, never a client-chosen key).
  const known = typeof name === 'string' && Object.hasOwn(LIMITS, name);
  throw new AuthError('invalid_request', known ? { message: `The field "${name}" is missing or not valid.` } : {});
}
