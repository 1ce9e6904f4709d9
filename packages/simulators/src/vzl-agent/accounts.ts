/**
 * Accounts the VZL agent simulator knows. Realm ids follow docs/protocols/vzl-agent.md §5.4: the fixed System
 * realm (type 0) and one per-installation "Virtuozzo Internal" LDAP realm — the GUID of the guide's
 * own sample (§4.1), so the demo config in docs/architecture.md works unchanged.
 */
import type { DemoAccount } from '../types.js';

/** System realm (host OS users), fixed id in every sample (docs/protocols/vzl-agent.md §5.4). */
export const VZL_SYSTEM_REALM = '00000000-0000-0000-0000-000000000000';
/** "Virtuozzo Container" realm, fixed id (docs/protocols/vzl-agent.md §5.4). */
export const VZL_CONTAINER_REALM = '00000000-0000-0000-0100-000000000000';
/** "Virtuozzo Internal" LDAP realm: per installation; this is the guide's sample GUID (§4.1). */
export const VZL_INTERNAL_REALM = '3e761571-6607-1344-a064-a42679da8ed9';

export interface VzlAccount extends DemoAccount {
  /** Realm GUID the name lives in (`auth_nameType.realm`). */
  realm: string;
  /** Disabled account: `authenticate` answers the "disabled" error. */
  locked?: boolean;
  /** A service account the BFF uses for `system/login` (informational; any known account may log in). */
  service?: boolean;
  /**
   * `auth_nameType.domain` (§5.1) this name must come with; unset: the domain element is not
   * required (and ignored when sent).
   */
  domain?: string;
  /** Privileges reported in the token (`tokenType.privileges/privilege`, §5.3). */
  privileges?: string[];
}

export const vzlDemoAccounts: VzlAccount[] = [
  {
    identifier: 'vzlservice',
    secret: 'vzl-service-secret',
    realm: VZL_SYSTEM_REALM,
    service: true,
    note: 'service account for system/login (System realm); configure it as serviceUser/servicePassword',
  },
  {
    identifier: 'webadmin',
    secret: 'hosting-password1',
    realm: VZL_INTERNAL_REALM,
    privileges: ['vzl.admin.read'],
    note: 'end user in the Virtuozzo Internal realm: signs in',
  },
  {
    identifier: 'zoë.müller',
    secret: 'pässwörd-ü',
    realm: VZL_INTERNAL_REALM,
    note: 'non-ASCII name and password (sent as base64 of UTF-8)',
  },
  {
    identifier: 'locked-user',
    secret: 'hosting-password1',
    realm: VZL_INTERNAL_REALM,
    locked: true,
    note: 'disabled account: authenticate answers an error (-> invalid_credentials)',
  },
];
