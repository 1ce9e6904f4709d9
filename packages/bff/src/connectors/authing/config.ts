import { z } from 'zod';
import { httpUrlSchema, maxResponseBytesSchema, transportKeys } from '../shared/transport.js';

/**
 * `connectors.<name>` for `type: authing` (docs/architecture.md "BFF configuration"):
 *
 *   au: { type: authing, appHost: https://myapp.authing.cn, appId: ${AUTHING_APP_ID}, userPoolId: ${AUTHING_POOL_ID} }
 *
 * Core keys: appHost, appId, userPoolId, timeout (default 5s). Documented extras:
 * - `publicKey`: the password-encryption key (SPKI PEM, or a path to a PEM file). Without it the key
 *   is fetched once from `{appHost}/api/v2/.well-known` and cached (docs/protocols/authing.md §3).
 * - `ca`: PEM text or a path, for a private deployment with its own CA; `rejectUnauthorized` (default true).
 * - `connectTimeout` (default min(timeout, 3s)); `maxResponseBytes` (default 512 KiB: a captcha image
 *   is the largest answer).
 * - `lang` (`zh-CN` default, as the JS SDK sends; or `en-US`): `x-authing-lang`, the language of the
 *   upstream's messages (they only go to the audit log).
 * - `numericIdentifier`: where a password-tab identifier of 5-20 digits goes. `phone-then-username`
 *   (default): loginByPhonePassword, and when that answers 2004 "user does not exist",
 *   loginByUsername with the same text; `phone`: phone only; `username`: username only (a pool
 *   without phone logins, or a server that answers unknown phones with 2333 instead of 2004).
 */
export const authingConfigSchema = z
  .object({
    type: z.literal('authing').optional(),
    appHost: httpUrlSchema,
    appId: z.string().min(1, 'the Authing app id is required').max(128),
    // Optional: the app id alone identifies the tenant on its hosted app domain (docs/protocols/authing.md §2).
    userPoolId: z.string().min(1).max(128).optional(),
    publicKey: z.string().min(1).optional(),
    ...transportKeys,
    maxResponseBytes: maxResponseBytesSchema(512 * 1024),
    lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
    numericIdentifier: z.enum(['phone-then-username', 'phone', 'username']).default('phone-then-username'),
  })
  .strict();

export type AuthingConfig = z.output<typeof authingConfigSchema>;
