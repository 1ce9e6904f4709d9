/**
 * Config of a `vzl-agent` connector entry (docs/architecture.md "BFF configuration", docs/protocols/vzl-agent.md).
 *
 *   vz: { type: vzl-agent, host: 127.0.0.1, port: 4433, tls: false,
 *         serviceUser: ${VZL_USER}, servicePassword: ${VZL_PASSWORD},
 *         realm: 3e761571-6607-1344-a064-a42679da8ed9 }
 *
 * Documented extras: `ca`, `rejectUnauthorized`, `tlsServerName`, `fingerprint256`, `serviceRealm`, `domain`,
 * `serviceDomain`, `connectTimeout`, `maxInFlight`.
 */
import { z } from 'zod';
import { fingerprint256Schema } from '../shared/tcp.js';
import { tcpTransportKeys } from '../shared/transport.js';

/** Realm ids are GUIDs (docs/protocols/vzl-agent.md §5.4); validating them keeps markup out (pitfall 9). */
const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a realm GUID');

export const VZL_SYSTEM_REALM = '00000000-0000-0000-0000-000000000000';

export const vzlAgentConfigSchema = z
  .object({
    type: z.literal('vzl-agent').optional(),
    /**
     * host, port (default 4433 plain, 4434 tls: docs/protocols/vzl-agent.md §2), tls (from the first byte; old
     * agents offering only TLSv1 + ADH cannot be reached, §7.12), ca, rejectUnauthorized, timeout,
     * connectTimeout (connect + TLS + greeting + service login; default min(timeout, 3s)).
     */
    ...tcpTransportKeys,
    /** Name to verify in the agent's certificate (and SNI) when `host` is an IP address. */
    tlsServerName: z.string().min(1).optional(),
    /**
     * SHA-256 fingerprint of the agent's certificate (64 hex digits, `:` separators allowed): the
     * pin for a self-signed agent. With it and no `ca`, the pin replaces chain and name checks;
     * with a `ca` too, both must pass. A mismatch refuses the connection (unavailable).
     */
    fingerprint256: fingerprint256Schema.optional(),
    /** Service account for `system/login` (the permanent session, §4.2). */
    serviceUser: z.string().min(1),
    servicePassword: z.string().min(1),
    /** The service account's realm; default the System realm (the guide's root login, §4.2). */
    serviceRealm: guid.default(VZL_SYSTEM_REALM),
    /** The end users' realm for `authm/authenticate` (§4.3). */
    realm: guid,
    /** `auth_nameType.domain` (§5.1, optional) sent with every end user's name; left out when unset. */
    domain: z.string().min(1).max(255).optional(),
    /** The same for the service account's `system/login`. */
    serviceDomain: z.string().min(1).max(255).optional(),
    /**
     * Verifications in flight on the one service connection, matched by packet id — only once the
     * agent has echoed a request id on that connection; until then, and for good if a reply does
     * not echo, one at a time (docs/protocols/vzl-agent.md pitfall 6).
     */
    maxInFlight: z.number().int().min(1).max(64).default(8),
  })
  .strict();

export type VzlAgentConfig = z.output<typeof vzlAgentConfigSchema>;
