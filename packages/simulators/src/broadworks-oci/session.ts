/**
 * The per-connection OCI-P state machine (docs/protocols/broadworks-oci.md §8): before login only
 * AuthenticationRequest / LoginRequest14sp4 / LoginRequest22V5 succeed; a fresh 13-digit nonce
 * is bound to the connection; AuthenticationVerifyRequest22V4 dispatches on its first child.
 * Transport-neutral: the TCP server and the SOAP endpoint both drive it.
 */
import { randomInt } from 'node:crypto';
import type { RecordedCall } from '../types.js';
import { sameDn, type BroadworksAccount } from './accounts.js';
import { validCommand, validEnvelope } from './schema.js';
import {
  dataCommand,
  errorCommand,
  logoutPushCommand,
  signedPassword,
  successCommand,
  type OciErrorSpec,
} from './wire.js';
import {
  attr,
  childText,
  childrenNamed,
  xsiType,
  type XmlElement,
  type XmlEncoding,
  type XmlFragment,
} from '@auth-login/xml';

export interface SessionEnv {
  accounts: () => BroadworksAccount[];
  scenario: () => string;
  record: (call: RecordedCall) => void;
  /** True once per armed `admin-session-expired`: the login is dropped before that verify. */
  consumeExpiry?: () => boolean;
}

/** What the transport should do with one parsed request document. */
export interface HandledDocument {
  sessionId: string;
  commands: XmlFragment[];
  /** Encoding of the reply: mirrors the request before login, ISO-8859-1 after (§2.1). */
  encoding: XmlEncoding;
  /** True when the document held an AuthenticationVerifyRequest22V4 (fault scenarios target it). */
  verify: boolean;
  /** Close the connection after replying (LogoutRequest). */
  close: boolean;
}

const PRE_LOGIN = new Set(['AuthenticationRequest', 'LoginRequest14sp4', 'LoginRequest22V5']);
const INVALID_PASSWORD: OciErrorSpec = { code: 4962, summary: 'Invalid password' };
const DISABLED: OciErrorSpec = { code: 5202, summary: 'Account is disabled.' };
/** A request outside a logged-in admin session, or one the admin may not make (§6, [L]). */
const UNAUTHORIZED: OciErrorSpec = { code: 5404, summary: 'Unauthorized transaction.' };
/** A schema-invalid command (wrong order, extra/missing element, length): real wording unconfirmed. */
const INVALID_REQUEST: OciErrorSpec = { code: 4000, summary: 'Invalid request' };

export class OciSessionState {
  loggedInAs: string | undefined;
  /** The sessionId the login was made under: an OCI-P session is that id on this socket (§7.9). */
  private loginSession: string | undefined;
  /** sessionId of the document being handled. */
  private current = '';
  private nonce: { userId: string; value: string } | undefined;

  constructor(
    private readonly env: SessionEnv,
    private readonly postLoginEncoding: XmlEncoding | 'mirror' = 'ISO-8859-1',
  ) {}

  /**
   * Scenario `admin-session-expired`: the server drops this connection's admin login before
   * answering a verification (session timeout / restart on the server side); the socket or the
   * HTTP session stays. Returns true when it happened.
   */
  expireIfArmed(doc: XmlElement): boolean {
    if (this.loggedInAs === undefined) return false;
    const verify = childrenNamed(doc, 'command', '').some(
      (c) => xsiType(c)?.local === 'AuthenticationVerifyRequest22V4',
    );
    if (!verify || !this.env.consumeExpiry?.()) return false;
    this.record('admin-session-expired', `userId=${this.loggedInAs}`);
    this.loggedInAs = undefined;
    this.loginSession = undefined;
    return true;
  }

  handle(doc: XmlElement, requestEncoding: XmlEncoding): HandledDocument {
    if (doc.local !== 'BroadsoftDocument' || doc.ns !== 'C') throw new Error('not a BroadsoftDocument');
    this.expireIfArmed(doc);
    const sessionId = childText(doc, 'sessionId', '') ?? '';
    this.current = sessionId;
    const wasLoggedIn = this.isLoggedIn(sessionId);
    const out: HandledDocument = { sessionId, commands: [], encoding: requestEncoding, verify: false, close: false };
    const commands = childrenNamed(doc, 'command', '');
    // protocol="OCI" is required and 1..15 commands are allowed (schema.ts): else not a document.
    if (!validEnvelope(doc, commands.length)) throw new Error('schema-invalid BroadsoftDocument');
    for (const cmd of commands) {
      // A request type lives in NO namespace: `c:X` (X in C) is not the request type X (§3.1).
      const t = xsiType(cmd);
      const type = t === undefined ? '' : t.ns === '' ? t.local : `{${t.ns}}${t.local}`;
      const echo = attr(cmd, 'echo') ?? '';
      if (type === 'AuthenticationVerifyRequest22V4') out.verify = true;
      if (type === 'LogoutRequest') out.close = true;
      out.commands.push(this.command(type, cmd, echo));
    }
    if (wasLoggedIn && this.postLoginEncoding !== 'mirror') out.encoding = this.postLoginEncoding;
    return out;
  }

  /** Logged in under THIS sessionId: a document with another sessionId is not part of the login. */
  isLoggedIn(sessionId: string): boolean {
    return this.loggedInAs !== undefined && sessionId === this.loginSession;
  }

  /** The push a forced logout sends (reason `Open Client Server Forced Logout`). */
  logoutPush(): XmlFragment {
    return logoutPushCommand(this.loggedInAs ?? '');
  }

  private record(kind: string, summary: string): void {
    this.env.record({ kind, at: Date.now(), summary });
  }

  private fail(kind: string, echo: string, e: OciErrorSpec, who: string): XmlFragment {
    this.record(kind, `${who} → [Error ${e.code}]`);
    return errorCommand(echo, { ...e, withErrorCode: this.env.scenario() === 'error-with-code' });
  }

  private command(type: string, cmd: XmlElement, echo: string): XmlFragment {
    const text = (n: string): string | undefined => childText(cmd, n, '');
    if (!this.isLoggedIn(this.current) && !PRE_LOGIN.has(type)) {
      // TCP reaction to an unauthenticated request is [U]; SOAP gives a fault (§4.3).
      return this.fail(type || 'unknown', echo, UNAUTHORIZED, 'not logged in');
    }
    if (!validCommand(type, cmd)) return this.fail(type, echo, INVALID_REQUEST, 'schema-invalid');
    switch (type) {
      case 'AuthenticationRequest': {
        const userId = text('userId') ?? '';
        const value = String(randomInt(1_000_000_000_000, 9_999_999_999_999));
        this.nonce = { userId, value };
        this.record(type, `userId=${userId}`);
        return dataCommand('AuthenticationResponse', echo, [
          ['userId', userId],
          ['nonce', value],
          ['passwordAlgorithm', 'MD5'],
        ]);
      }
      case 'LoginRequest14sp4':
      case 'LoginRequest22V5':
        return this.login(type, cmd, echo);
      case 'AuthenticationVerifyRequest22V4':
        return this.verify(cmd, echo);
      case 'SystemSoftwareVersionGetRequest':
        // Harmless and answerable by any logged-in admin: the connector's idle probe.
        this.record(type, `userId=${this.loggedInAs ?? ''}`);
        return dataCommand('SystemSoftwareVersionGetResponse', echo, [['version', '24.0_1.944']]);
      case 'LogoutRequest':
        this.record(type, `userId=${text('userId') ?? ''}`);
        this.loggedInAs = undefined;
        return successCommand(echo);
      default:
        return this.fail(
          type || 'unknown',
          echo,
          { code: 4000, summary: `Unsupported request: ${type.slice(0, 60)}` },
          'unsupported',
        );
    }
  }

  private login(type: string, cmd: XmlElement, echo: string): XmlFragment {
    const userId = childText(cmd, 'userId', '') ?? '';
    const acct = this.env.accounts().find((a) => a.admin && a.userId === userId);
    let ok = false;
    if (type === 'LoginRequest14sp4') {
      const signed = childText(cmd, 'signedPassword', '');
      const nonce = this.nonce;
      this.nonce = undefined; // single use
      ok = !!acct && !!nonce && nonce.userId === userId && signed === signedPassword(nonce.value, acct.password);
    } else {
      ok = !!acct && childText(cmd, 'password', '') === acct.password;
    }
    if (!acct || !ok) return this.fail(type, echo, INVALID_PASSWORD, `userId=${userId}`);
    if (acct.locked) return this.fail(type, echo, DISABLED, `userId=${userId}`);
    this.loggedInAs = userId;
    this.loginSession = this.current;
    this.record(type, `userId=${userId} → ok`);
    const fields: [string, string | undefined][] = [
      ['loginType', acct.loginType ?? 'System'],
      ['locale', 'en_US'],
      ['encoding', 'ISO-8859-1'],
      ['isEnterprise', 'false'],
      ['passwordExpiresDays', '2147483647'],
      ['userDomain', 'example.com'],
    ];
    if (type === 'LoginRequest22V5') fields.push(['tokenRevocationTime', '1616017564343']);
    return dataCommand(type === 'LoginRequest14sp4' ? 'LoginResponse14sp4' : 'LoginResponse22V5', echo, fields);
  }

  /** §5.1: the branch is decided by the FIRST child element. */
  private verify(cmd: XmlElement, echo: string): XmlFragment {
    const kind = 'AuthenticationVerifyRequest22V4';
    const first = cmd.children[0]?.local ?? '';
    const t = (n: string): string => childText(cmd, n, '') ?? '';
    const accounts = this.env.accounts().filter((a) => !a.admin);
    let acct: BroadworksAccount | undefined;
    let ok = false;
    let who = '';
    switch (first) {
      case 'userId':
        who = `userId=${t('userId')}`;
        acct = accounts.find((a) => a.userId === t('userId'));
        ok = !!acct && acct.password === t('password');
        break;
      case 'phoneNumber':
        who = `phoneNumber=${t('phoneNumber')}`;
        acct = accounts.find((a) => a.phoneNumbers?.some((dn) => sameDn(dn, t('phoneNumber'))));
        ok = !!acct && acct.passcode !== undefined && acct.passcode === t('passcode');
        break;
      case 'linePort':
        who = `linePort=${t('linePort')}`;
        acct = accounts.find((a) => a.linePorts?.includes(t('linePort')));
        ok = !!acct && acct.password === t('password');
        break;
      case 'loginToken':
        who = 'loginToken=[redacted]';
        acct = accounts.find((a) => a.loginTokens?.includes(t('loginToken')));
        ok = !!acct;
        break;
      case 'sipAuthenticationUserName':
        who = `sip=${t('sipAuthenticationUserName')} userId=${t('userId')}`;
        acct = accounts.find((a) => a.userId === t('userId'));
        ok =
          !!acct &&
          acct.sipUserName === t('sipAuthenticationUserName') &&
          acct.sipPassword === t('sipAuthenticationPassword');
        break;
      default:
        return this.fail(kind, echo, { code: 4000, summary: 'Invalid request' }, `branch=${first.slice(0, 40)}`);
    }
    const scenario = this.env.scenario();
    // The admin has lost its rights / its session is refused every time (retry cannot help).
    if (scenario === 'admin-unauthorized') return this.fail(kind, echo, UNAUTHORIZED, who);
    if (scenario === 'locked' || (acct?.locked && ok)) return this.fail(kind, echo, DISABLED, who);
    if (!acct && first !== 'loginToken')
      return this.fail(kind, echo, { code: 4008, summary: `User not found: ${who.split('=')[1] ?? ''}` }, who);
    if (!ok || scenario === 'wrong-password') {
      return this.fail(
        kind,
        echo,
        { ...INVALID_PASSWORD, ...(scenario === 'error-with-code' ? { detail: 'authentication failed' } : {}) },
        who,
      );
    }
    const a = acct!;
    this.record(kind, `${who} → ok`);
    return dataCommand('AuthenticationVerifyResponse22V4', echo, [
      ['loginType', a.loginType ?? 'User'],
      ['locale', 'en_US'],
      ['encoding', 'ISO-8859-1'],
      ['groupId', a.groupId],
      ['serviceProviderId', a.serviceProviderId],
      ['isEnterprise', String(a.isEnterprise ?? false)],
      ['passwordExpiresDays', String(a.passwordExpiresDays ?? 2147483647)],
      ['lastName', a.lastName],
      ['firstName', a.firstName],
      ['userId', a.userId],
      ['phoneNumber', a.phoneNumbers?.[0]],
      ['resellerId', a.resellerId],
      ['tokenRevocationTime', '1616017564343'],
    ]);
  }
}
