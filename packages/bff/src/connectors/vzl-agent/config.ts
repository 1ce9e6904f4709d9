/**
 * Config of a `vzl-agent` connector entry (DESIGN.md "BFF configuration", vzl-agent.md).
 *
 *   vz: { type: vzl-agent, host: 127.0.0.1, port: 4433, tls: false,
 *         serviceUser: ${VZL_USER}, servicePassword: ${VZL_PASSWORD},
 *         realm: 3e761571-6607-1344-a064-a42679da8ed9 }
 *
 * Documented extras: `ca`, `tlsServerName`, `serviceRealm`, `connectTimeout`, `maxInFlight`.
 */
import { z } from 'zod';
import { connectorTimeoutSchema, durationSchema } from '../../shared/duration.js';

/** Realm ids are GUIDs (vzl-agent.md §5.4); validating them keeps markup out (pitfall 9). */
const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a realm GUID');

export const VZL_SYSTEM_REALM = '00000000-0000-0000-0000-000000000000';

export const vzlAgentConfigSchema = z
  .object({
    type: z.literal('vzl-agent').optional(),
    host: z.string().min(1),
    /** Default 4433 (plain) or 4434 (tls), the agent's ports (vzl-agent.md §2). */
    port: z.number().int().min(1).max(65535).optional(),
    /** TLS from the first byte. Old agents offering only TLSv1 + ADH cannot be reached (§7.12). */
    tls: z.boolean().default(false),
    /** PEM text of the CA(s) to trust for the agent's certificate, or a path to a PEM file. */
    ca: z.string().min(1).optional(),
    /** Name to verify in the agent's certificate (and SNI) when `host` is an IP address. */
    tlsServerName: z.string().min(1).optional(),
    /** Service account for `system/login` (the permanent session, §4.2). */
    serviceUser: z.string().min(1),
    servicePassword: z.string().min(1),
    /** The service account's realm; default the System realm (the guide's root login, §4.2). */
    serviceRealm: guid.default(VZL_SYSTEM_REALM),
    /** The end users' realm for `authm/authenticate` (§4.3). */
    realm: guid,
    /** Most one verification may take (ms after parsing; default 5s). */
    timeout: connectorTimeoutSchema,
    /** Most connect + TLS + greeting + service login may take (default 5s). */
    connectTimeout: durationSchema.default(5_000),
    /**
     * Verifications in flight on the one service connection, matched by packet id. Drops to 1
     * automatically if the agent does not echo ids (vzl-agent.md pitfall 6).
     */
    maxInFlight: z.number().int().min(1).max(64).default(8),
  })
  .strict();

export type VzlAgentConfig = z.output<typeof vzlAgentConfigSchema>;
