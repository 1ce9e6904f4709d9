/**
 * The `vzl-agent` connector: password sign-in against a Virtuozzo / PVA agent (docs/protocols/vzl-agent.md §4).
 *
 * One service connection is opened lazily (never at start-up), logged in once with
 * `system/login`, kept open and shared by every verification; each end user is checked with
 * `authm/authenticate`, which verifies without creating a session (§1) — so there is nothing to
 * log out upstream. When the connection drops it is re-opened (and re-logged-in) on the next call.
 */
import {
  UpstreamError,
  type CallContext,
  type Connector,
  type ConnectorLogger,
  type PasswordInput,
  type VerifyOutcome,
} from '../connector.js';
import { hasIllegalXmlChars } from '@auth-login/xml';
import { readPem } from '../shared/pem.js';
import { CertificatePinError } from '../shared/tcp.js';
import { connectTimeoutOf } from '../shared/transport.js';
import type { VzlAgentConfig } from './config.js';
import { ClosedBeforeReplyError, VzlConnection, withSignal } from './connection.js';
import { authenticatePacket, tokenSummary, type VzlReply } from './packets.js';

export const VZL_AGENT_TYPE = 'vzl-agent';

export function createVzlAgentConnector(config: VzlAgentConfig, deps: { logger: ConnectorLogger }): Connector {
  const { logger } = deps;
  const ca = readPem(config.ca);
  const port = config.port ?? (config.tls ? 4434 : 4433);
  let current: Promise<VzlConnection> | undefined;
  let serial = false; // sticky: once the agent is seen not echoing ids, stay one-at-a-time
  let closed = false;

  const connection = (): Promise<VzlConnection> => {
    if (closed) return Promise.reject(new UpstreamError('unavailable', 'vzl-agent: connector closed'));
    if (current) return current;
    const opening = VzlConnection.open({
      host: config.host,
      port,
      tls: config.tls,
      ...(ca ? { ca } : {}),
      ...(config.tlsServerName ? { servername: config.tlsServerName } : {}),
      ...(config.fingerprint256 ? { fingerprint256: config.fingerprint256 } : {}),
      ...(config.serviceDomain ? { serviceDomain: config.serviceDomain } : {}),
      serviceUser: config.serviceUser,
      servicePassword: config.servicePassword,
      serviceRealm: config.serviceRealm,
      connectTimeoutMs: connectTimeoutOf(config),
      rejectUnauthorized: config.rejectUnauthorized,
      maxInFlight: config.maxInFlight,
      serial,
      logger,
    });
    current = opening;
    opening.then(
      (conn) => {
        if (closed) conn.close();
        conn.onClose(() => {
          if (conn.echo === 'no') serial = true;
          if (current === opening) current = undefined;
        });
      },
      (e: unknown) => {
        if (current === opening) current = undefined;
        if (e instanceof CertificatePinError)
          logger.warn(
            { event: 'vzl-tls-pin-mismatch', expected: e.expected, presented: e.presented },
            'vzl-agent: the agent presented a certificate whose SHA-256 fingerprint is not fingerprint256; connection refused',
          );
      },
    );
    return opening;
  };

  const timedOut = (): UpstreamError => new UpstreamError('timeout', 'vzl-agent: no answer in time');

  const verify = async (
    input: PasswordInput,
    signal: AbortSignal,
  ): Promise<{ reply: VzlReply; conn: VzlConnection }> => {
    for (let attempt = 1; ; attempt++) {
      const conn = await withSignal(connection(), signal, timedOut);
      try {
        const reply = await conn.request(
          (id) => authenticatePacket(id, input.identifier, input.password, config.realm, config.domain),
          signal,
        );
        return { reply, conn };
      } catch (e) {
        // A socket that died while idle is found only on use. No byte of reply came back, so
        // nothing was decided: retry once on a fresh connection, never more (docs/security.md F-04).
        if (e instanceof ClosedBeforeReplyError && attempt === 1) continue;
        throw e;
      }
    }
  };

  return {
    type: VZL_AGENT_TYPE,
    hints: { password: { identifiers: ['username'] } },

    async password(input: PasswordInput, ctx: CallContext): Promise<VerifyOutcome> {
      // `password` is required by authenticate and an empty one is refused client-side (pitfall 7).
      if (input.identifier === '' || input.password === '')
        return { ok: false, reason: 'invalid_credentials', detail: 'empty name or password' };
      if (hasIllegalXmlChars(input.identifier) || hasIllegalXmlChars(input.password)) {
        return { ok: false, reason: 'invalid_credentials', detail: 'control characters refused before sending' };
      }
      const signal = ctx.signal;
      const { reply, conn } = await verify(input, signal);
      if (reply.errors.length > 0) {
        const first = reply.errors.find((e) => e.operator === 'authm') ?? reply.errors[0]!;
        const detail = `vzl error ${first.code.slice(0, 20)}: ${first.message.slice(0, 120)}`;
        // An error under data/authm is the agent's verdict on these credentials (§4.3, §6; the
        // real codes are unknown, so every authm error counts). An error elsewhere (system: e.g.
        // "not logged in") means the service session is broken: drop it, fail as upstream error.
        if (first.operator === 'authm') return { ok: false, reason: 'invalid_credentials', detail };
        conn.close();
        throw new UpstreamError(
          'bad_response',
          `vzl-agent: unexpected ${first.operator.slice(0, 20)} error ${first.code.slice(0, 20)}`,
        );
      }
      // Success only with data/authm/token/user present and no error anywhere (pitfall 11).
      const summary = reply.token?.operator === 'authm' ? tokenSummary(reply.token.element) : undefined;
      if (!summary || summary.userSid === '')
        throw new UpstreamError('bad_response', 'vzl-agent: authenticate reply without token');
      // The token (user/group SIDs) is the user's security token: it never reaches the browser and,
      // as authenticate opens no session, nothing needs keeping for logout. Only privileges and the
      // token source are shown as attributes.
      const attributes: Record<string, string> = {};
      if (summary.privileges.length > 0) attributes['privileges'] = summary.privileges.join(',');
      if (summary.source) attributes['tokenSource'] = summary.source;
      return {
        ok: true,
        user: {
          id: input.identifier,
          username: input.identifier,
          provider: VZL_AGENT_TYPE,
          ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
        },
      };
    },

    async ready(ctx: CallContext): Promise<void> {
      await withSignal(connection(), ctx.signal, timedOut);
    },

    async close(): Promise<void> {
      closed = true;
      const c = current;
      current = undefined;
      await c?.then(
        (conn) => conn.close(),
        () => undefined,
      );
    },
  };
}
