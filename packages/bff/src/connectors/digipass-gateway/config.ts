import { z } from 'zod';
import { httpTransportKeys } from '../shared/transport.js';

/**
 * `connectors.<name>` for `type: digipass-gateway` (docs/architecture.md "BFF configuration").
 *
 *   dp: { type: digipass-gateway, url: https://dpgw:11080, apiKey: ${DP_API_KEY}, domain: mydomain.com }
 *
 * Core keys: url, apiKey, domain, timeout (default 5s). Documented extras:
 * - `apiKeyPlacement` (`password` default | `username`) and `basicUser` (default ''): how the front-end
 *   API key maps onto Basic auth, which OneSpan does not document (docs/protocols/digipass-gateway.md §2,
 *   unconfirmed). Default: `base64("<basicUser>:<apiKey>")`; `username`: `base64("<apiKey>:")`.
 * - `ca`: PEM text or a path to a PEM file, for the gateway's generated certificate (§1, §6.6).
 * - `domains`: the domains a client may name in the OTP tab's Domain field (default: the configured
 *   `domain` only). Another domain is refused with 400 before any upstream call, so a client cannot
 *   reach the users of every domain the gateway serves. Compared case-insensitively.
 * - `rejectUnauthorized` (default true), `connectTimeout` (default min(timeout, 3s)),
 *   `maxResponseBytes` (default 64 KiB: an authUser answer is a few hundred bytes).
 */
export const digipassGatewayConfigSchema = z
  .object({
    type: z.literal('digipass-gateway').optional(),
    ...httpTransportKeys(64 * 1024),
    apiKey: z.string().min(1, 'the front-end API key is required'),
    domain: z.string().min(1).max(255).optional(),
    domains: z.array(z.string().min(1).max(255)).max(100).optional(),
    apiKeyPlacement: z.enum(['password', 'username']).default('password'),
    basicUser: z.string().max(255).default(''),
  })
  .strict();

export type DigipassGatewayConfig = z.output<typeof digipassGatewayConfigSchema>;
