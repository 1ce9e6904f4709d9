/**
 * The transport keys every connector's config has, in one place, so they cannot drift apart:
 * each `connectors/<type>/config.ts` spreads the set it needs into its own zod object.
 *
 * - all:  `timeout` (default 5s; the deadline of every call, enforced by the call policy),
 *         `connectTimeout` (default min(timeout, 3s): `connectTimeoutOf`),
 *         `ca` (PEM text or a path to a PEM file) and `rejectUnauthorized` (default true);
 * - TCP:  `host`, `port` (default per protocol), `tls` (default false);
 * - HTTP: `url` (http or https) and `maxResponseBytes` (default per protocol).
 */
import { z } from 'zod';
import { connectorTimeoutSchema, durationSchema } from '../../shared/duration.js';

export const transportKeys = {
  timeout: connectorTimeoutSchema,
  connectTimeout: durationSchema.optional(),
  ca: z.string().min(1).optional(),
  rejectUnauthorized: z.boolean().default(true),
};

export const tcpTransportKeys = {
  ...transportKeys,
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  tls: z.boolean().default(false),
};

export const httpUrlSchema = z.url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

/** `maxResponseBytes` between `min` and 16 MiB, defaulting to what the protocol's answers need. */
export const maxResponseBytesSchema = (defaultBytes: number, min = 1024) =>
  z
    .number()
    .int()
    .min(min)
    .max(16 * 1024 * 1024)
    .default(defaultBytes);

export const httpTransportKeys = (defaultMaxResponseBytes: number) => ({
  ...transportKeys,
  url: httpUrlSchema,
  maxResponseBytes: maxResponseBytesSchema(defaultMaxResponseBytes),
});

/** The connect timeout of a parsed config: its own, or min(timeout, 3s). */
export function connectTimeoutOf(config: { timeout: number; connectTimeout?: number | undefined }): number {
  return config.connectTimeout ?? Math.min(config.timeout, 3000);
}
