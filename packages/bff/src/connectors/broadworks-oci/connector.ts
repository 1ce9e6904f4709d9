/**
 * The BroadWorks OCI-P connector: an admin session kept open (TCP pool or SOAP), then
 * `AuthenticationVerifyRequest22V4` per sign-in in the credential form the identifier calls for
 * (docs/architecture.md table; docs/protocols/broadworks-oci.md §4.3, §5). Any ErrorResponse to a verification is a
 * failed sign-in whose upstream words stay private: only `[Error NNNN]` goes to `detail`.
 */
import {
  UpstreamError,
  type AuthUser,
  type CallContext,
  type Connector,
  type ConnectorFactory,
  type VerifyOutcome,
} from '../connector.js';
import { XmlError, childText } from '@auth-login/xml';
import { toE164 } from '../../shared/phone.js';
import type { BroadworksOciConfig } from './config.js';
import { readPem } from '../shared/pem.js';
import { connectTimeoutOf } from '../shared/transport.js';
import {
  credentialFor,
  errorDetail,
  isAdminSessionError,
  outOfLimits,
  verifyCommand,
  type OciCommandReply,
  type VerifyCredential,
} from './messages.js';
import { OciSoapTransport } from './soap-transport.js';
import { OciTcpPool, type OciTransport } from './tcp-pool.js';

export const BROADWORKS_TYPE = 'broadworks-oci';

/** AuthenticationVerifyResponse22V4 (§5.2) → the normalised user; only non-secret fields. */
export function userFromVerify(c: OciCommandReply): AuthUser {
  const t = (n: string): string | undefined => {
    const v = childText(c.element, n, '')?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const userId = t('userId');
  if (!userId) throw new UpstreamError('bad_response', `${BROADWORKS_TYPE}: verify response without userId`);
  const attributes: Record<string, string | number | boolean> = {};
  for (const key of ['groupId', 'serviceProviderId', 'resellerId', 'loginType', 'locale'] as const) {
    const v = t(key);
    if (v !== undefined) attributes[key] = v;
  }
  const ent = t('isEnterprise');
  if (ent !== undefined) attributes.isEnterprise = ent === 'true' || ent === '1';
  const days = t('passwordExpiresDays');
  if (days !== undefined && /^-?\d+$/.test(days)) attributes.passwordExpiresDays = Number(days);
  const displayName = [t('firstName'), t('lastName')].filter(Boolean).join(' ');
  const user: AuthUser = { id: userId, provider: BROADWORKS_TYPE, attributes };
  if (displayName) user.displayName = displayName;
  const phone = t('phoneNumber');
  if (phone) user.phone = phone;
  return user;
}

/** The verify command as XML with every secret field replaced: for the debug log only. */
function maskedCommand(cred: VerifyCredential): string {
  const m = '[masked]';
  const masked: VerifyCredential =
    cred.form === 'userId' || cred.form === 'linePort'
      ? { ...cred, password: m }
      : cred.form === 'phoneNumber'
        ? { ...cred, passcode: m }
        : cred.form === 'sip'
          ? { ...cred, sipPassword: m }
          : { ...cred, loginToken: m };
  return String(verifyCommand(masked));
}

export const createBroadworksOciConnector: ConnectorFactory<BroadworksOciConfig> = (config, deps) => {
  const name = BROADWORKS_TYPE;
  const timeoutMs = config.timeout;
  const connectTimeoutMs = connectTimeoutOf(config);
  const ca = readPem(config.ca);
  const secure = config.transport === 'soap' ? /^https:/i.test(config.url ?? '') : config.tls;
  if (config.login === '22V5' && !secure) {
    deps.logger.warn(
      { connector: name },
      'broadworks-oci: LoginRequest22V5 sends the admin password in clear; use tls or https (docs/protocols/broadworks-oci.md §7.7)',
    );
  }
  const transport: OciTransport =
    config.transport === 'soap'
      ? new OciSoapTransport({
          name,
          url: config.url!,
          ...config,
          ...(ca !== undefined ? { ca } : {}),
          timeoutMs,
          connectTimeoutMs,
          encoding: config.requestEncoding,
        })
      : new OciTcpPool({
          name,
          logger: deps.logger,
          host: config.host!,
          port: config.port ?? (config.tls ? 2209 : 2208),
          tls: config.tls
            ? { ...(ca !== undefined ? { ca } : {}), rejectUnauthorized: config.rejectUnauthorized }
            : false,
          timeoutMs,
          connectTimeoutMs,
          poolSize: config.poolSize,
          idleProbeMs: config.idleProbe,
          encoding: config.requestEncoding,
          maxResponseBytes: config.maxResponseBytes,
          adminUserId: config.adminUserId,
          adminPassword: config.adminPassword,
          login: config.login,
        });

  async function verify(
    cred: VerifyCredential,
    ctx: CallContext,
    failReason: 'invalid_credentials' | 'invalid_token',
  ): Promise<VerifyOutcome> {
    // Empty or over-long values would make an invalid document (§7.4): not verified, nothing sent.
    const bad = outOfLimits(cred);
    if (bad) return { ok: false, reason: failReason, detail: `${bad} outside OCI-P limits` };
    let command;
    try {
      command = verifyCommand(cred);
    } catch (e) {
      // NUL / control characters cannot be sent in XML: refused before anything is written.
      if (e instanceof XmlError) return { ok: false, reason: failReason, detail: 'input not representable in XML' };
      throw e;
    }
    const signal = ctx.signal;
    deps.logger.debug(
      { connector: name, event: 'oci-verify-request', command: maskedCommand(cred) },
      'broadworks-oci: verify request (secrets masked)',
    );
    let reply;
    try {
      reply = await transport.request([command], signal);
    } catch (e) {
      if (e instanceof UpstreamError) throw e;
      throw new UpstreamError('bad_response', `${name}: ${(e as Error).message.slice(0, 100)}`, { cause: e });
    }
    const c = reply.commands[0];
    if (!c) throw new UpstreamError('bad_response', `${name}: reply without a command`);
    deps.logger.debug(
      {
        connector: name,
        event: 'oci-verify-reply',
        type: c.type.slice(0, 60),
        ...(c.error ? { error: errorDetail(c.error), summary: c.error.summary.slice(0, 120) } : {}),
      },
      'broadworks-oci: verify reply',
    );
    // An error about the admin session (expired, dropped, no rights over the user) says nothing
    // about the user's credential. The transport already logged in again and retried once; still
    // refused → the deployment is broken, never a wrong password counted against the user.
    if (c.error && isAdminSessionError(c.error)) {
      throw new UpstreamError('unavailable', `${name}: admin session refused the request ${errorDetail(c.error)}`);
    }
    // §6: which code a real AS gives for a wrong password / unknown / disabled user is unconfirmed,
    // so any other ErrorResponse is "not verified"; the code is kept for the audit log only.
    if (c.error) return { ok: false, reason: failReason, detail: errorDetail(c.error) };
    if (c.type !== 'AuthenticationVerifyResponse22V4') {
      throw new UpstreamError('bad_response', `${name}: unexpected reply type ${c.type.slice(0, 60) || '(none)'}`);
    }
    const user = userFromVerify(c);
    return failReason === 'invalid_credentials' ? passwordAge(user) : { ok: true, user };
  }

  /**
   * A password sign-in and the verify response's `passwordExpiresDays` (2147483647: never): at 0 or
   * below the password has expired, and a BFF session must not start on it (what the AS itself
   * answers then is unconfirmed, §6: an ErrorResponse is a plain failure) → password_reset_required;
   * at or below `passwordExpiryNotice` the sign-in carries the notice `password_expires`.
   */
  function passwordAge(user: AuthUser): VerifyOutcome {
    const days = user.attributes?.passwordExpiresDays;
    if (typeof days !== 'number') return { ok: true, user };
    if (days <= 0) return { ok: false, reason: 'password_reset_required', detail: `passwordExpiresDays ${days}` };
    if (days <= config.passwordExpiryNotice) return { ok: true, user, notices: [{ code: 'password_expires', days }] };
    return { ok: true, user };
  }

  const connector: Connector & { readonly transport: OciTransport } = {
    type: BROADWORKS_TYPE,
    transport,
    // With passcodeLogin, a phone-number identifier is sent as phoneNumber + passcode; else all as userId.
    hints: { password: { identifiers: config.passcodeLogin ? ['userId', 'phone'] : ['userId'] } },
    // The DN goes out as typed (passcodeLogin); read as E.164 here only for config `phone` (the
    // routes' checks): in `phone.defaultCountry` when typed without `+`; null when it reads as none.
    // A DN's throttle subject (docs/security.md A-01): `+1-202-555-0123`, `+12025550123` and
    // `12025550123` reach one BroadWorks user, so they share one bucket: E.164 when it reads as one
    // (national spellings need `phone.defaultCountry`), else the digits without separators.
    subjectOf(method, input) {
      const dn = method === 'password' ? input.identifier : undefined;
      if (dn === undefined || credentialFor(dn, '', config.passwordForm, config.passcodeLogin).form !== 'phoneNumber')
        return undefined;
      const region = deps.phone?.defaultCountry;
      return toE164(dn, region ? { defaultCountry: region } : {}) ?? dn.replace(/-/g, '');
    },
    phoneOf(method, input) {
      if (method !== 'password' || input.identifier === undefined) return undefined;
      const credential = credentialFor(input.identifier, '', config.passwordForm, config.passcodeLogin);
      if (credential.form !== 'phoneNumber') return undefined;
      const region = deps.phone?.defaultCountry;
      return toE164(input.identifier, region ? { defaultCountry: region } : {});
    },
    password(input, ctx) {
      return verify(
        credentialFor(input.identifier, input.password, config.passwordForm, config.passcodeLogin),
        ctx,
        'invalid_credentials',
      );
    },
    token(input, ctx) {
      return verify({ form: 'loginToken', loginToken: input.token }, ctx, 'invalid_token');
    },
    async ready(ctx) {
      await transport.ready(ctx.signal);
    },
    async close() {
      await transport.close();
    },
  };
  return connector;
};
