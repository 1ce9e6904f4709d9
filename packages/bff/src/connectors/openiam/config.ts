import { z } from 'zod';
import { durationSchema } from '../../shared/duration.js';
import { httpTransportKeys } from '../shared/transport.js';

/**
 * `connectors.<name>` for `type: openiam` (docs/architecture.md "BFF configuration"):
 *
 *   iam: { type: openiam, url: http://127.0.0.1:9080 }
 *
 * Core keys: url, timeout (default 5s). Documented extras:
 * - `codeTtl` (default 5m): how long the BFF accepts a code after sending it. OpenIAM's own expiry
 *   is unconfirmed (docs/protocols/openiam.md §4.3), so the BFF enforces one; docs/security.md asks for ≤ 10 min.
 * - `maxAttempts` (default 5): wrong codes per sent code before the code is burned (T11).
 * - `defaultCountryCode` (default `1`): for phone numbers typed without `+`.
 * - `selfServicePath` (`/selfservice`) and `idpPath` (`/idp`): where the apps are mounted (§1).
 * - `addresses`: which addresses may receive a code (and so become a session). OpenIAM's send
 *   answer names no user (`userId: null` in the seed) and whether it refuses an address no account
 *   has is unconfirmed, so the operator states the policy; by default NO address is allowed (each
 *   send is answered uniformly and nothing is sent; a warning is logged at start-up):
 *   - `emailDomains` (e.g. `[example.com]`, exact domain) / `phonePrefixes` (E.164, e.g. `[+1555]`):
 *     owning a mailbox / number there is enough to sign in;
 *   - `trustUpstream: true`: every address is sent to, trusting this OpenIAM to refuse addresses it
 *     has no account for (check it on the deployment first).
 *   When a send answer does carry a user id, that id (not the address) becomes the user's id.
 * - `ca` (PEM text or file path), `rejectUnauthorized` (default true), `connectTimeout`,
 *   `maxResponseBytes` (default 64 KiB).
 */
const path = z.string().regex(/^(\/[A-Za-z0-9._~-]+)*$/, 'must look like /selfservice');

export const openiamConfigSchema = z
  .object({
    type: z.literal('openiam').optional(),
    ...httpTransportKeys(64 * 1024),
    codeTtl: durationSchema.default(5 * 60_000),
    maxAttempts: z.number().int().min(1).max(100).default(5),
    defaultCountryCode: z
      .string()
      .regex(/^[1-9]\d{0,2}$/, 'digits, e.g. 1 or 44')
      .default('1'),
    selfServicePath: path.default('/selfservice'),
    idpPath: path.default('/idp'),
    addresses: z
      .object({
        emailDomains: z
          .array(
            z
              .string()
              .regex(/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/, 'a domain such as example.com')
              .transform((d) => d.toLowerCase()),
          )
          .max(1000)
          .default([]),
        phonePrefixes: z
          .array(z.string().regex(/^\+\d{1,15}$/, 'an E.164 prefix such as +1555'))
          .max(1000)
          .default([]),
        trustUpstream: z.boolean().default(false),
      })
      .strict()
      .default({ emailDomains: [], phonePrefixes: [], trustUpstream: false }),
  })
  .strict();

export type OpenIamConfig = z.output<typeof openiamConfigSchema>;
