import { z } from 'zod';
import { durationSchema } from '../../shared/duration.js';
import { httpUrlSchema, maxResponseBytesSchema, tcpTransportKeys } from '../shared/transport.js';

/**
 * `connectors.<name>` for `type: broadworks-oci` (docs/architecture.md "BFF configuration"):
 *
 *   bw:  { type: broadworks-oci, transport: tcp, host: 127.0.0.1, port: 2208, tls: false,
 *          adminUserId: ${OCI_USER}, adminPassword: ${OCI_PASSWORD} }
 *   bws: { type: broadworks-oci, transport: soap,
 *          url: https://xsp/webservice/services/ProvisioningService, adminUserId: ..., adminPassword: ... }
 *
 * Documented extras:
 * - `port`: default 2208, or 2209 when `tls` (docs/protocols/broadworks-oci.md §2.1).
 * - `ca`: PEM text or a path to a PEM file trusted for TLS/HTTPS; `rejectUnauthorized` (default true).
 * - `login`: `signed14sp4` (default; AuthenticationRequest + LoginRequest14sp4, the admin password
 *   never crosses the wire) or `22V5` (LoginRequest22V5, clear password: use only with TLS/HTTPS).
 * - `passwordForm`: how a non-phone identifier is sent — `userId` (default), `linePort`, or `sip`
 *   (identifier `sipUserName/userId`, or just `userId` when the SIP user name equals it).
 * - `passcodeLogin` (default false): when true, a phone-number identifier (digits, optional `+`,
 *   `-` separators) is sent as phoneNumber + passcode — the voice-portal PIN, not the web
 *   password; when false every identifier is sent per `passwordForm` (all-digit userIds work).
 * - `timeout` (default 5s) for login and each request; `connectTimeout` (default min(timeout, 3s)).
 * - `poolSize` (default 2): kept-open admin sessions (one OCI-P login per socket, §7.6).
 * - `idleProbe` (default 60s, `false` = off; TCP only): a pooled socket idle this long sends the
 *   harmless `SystemSoftwareVersionGetRequest`. Traffic keeps a NAT/firewall from silently dropping
 *   the socket; a probe left unanswered for min(timeout, 3s) ends the session, so the next sign-in
 *   opens a fresh socket instead of waiting for its deadline on a dead one (§7.6).
 * - `requestEncoding` (default UTF-8, §7.3); `maxResponseBytes` (default 256 KiB).
 * - `passwordExpiryNotice` (default 14, days; 0 = never): a password sign-in whose verify response
 *   says `passwordExpiresDays` at or below this answers with the notice `password_expires`. At 0
 *   or below the password has expired: `password_reset_required`.
 */
export const broadworksOciConfigSchema = z
  .object({
    type: z.literal('broadworks-oci').optional(),
    transport: z.enum(['tcp', 'soap']).default('tcp'),
    ...tcpTransportKeys,
    host: tcpTransportKeys.host.optional(), // transport tcp only
    url: httpUrlSchema.optional(), // transport soap only
    adminUserId: z.string().min(1).max(161),
    adminPassword: z.string().min(1).max(60),
    login: z.enum(['signed14sp4', '22V5']).default('signed14sp4'),
    passwordForm: z.enum(['userId', 'linePort', 'sip']).default('userId'),
    passcodeLogin: z.boolean().default(false),
    poolSize: z.number().int().min(1).max(32).default(2),
    idleProbe: z.union([durationSchema, z.literal(false)]).default(60_000),
    requestEncoding: z.enum(['UTF-8', 'ISO-8859-1']).default('UTF-8'),
    maxResponseBytes: maxResponseBytesSchema(256 * 1024, 4096),
    passwordExpiryNotice: z.number().int().min(0).max(3650).default(14),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.transport === 'tcp' && !c.host)
      ctx.addIssue({ code: 'custom', path: ['host'], message: 'host is required for transport tcp' });
    if (c.transport === 'soap' && !c.url)
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'url is required for transport soap' });
  });

export type BroadworksOciConfig = z.output<typeof broadworksOciConfigSchema>;
