/**
 * OCI-P documents as the client writes and reads them (docs/protocols/broadworks-oci.md §3, §4, §5, §7).
 * Requests are built only with the escaping builder, so user input is text, never markup;
 * replies are decoded by their own declaration and matched by namespace URI + local name.
 */
import { createHash } from 'node:crypto';
import {
  attr,
  child,
  childText,
  childrenNamed,
  decodeDocument,
  el,
  encodeDocument,
  parseXml,
  xsiType,
  XSI_NS,
  type XmlElement,
  type XmlEncoding,
  type XmlFragment,
} from '@auth-login/xml';

/** `md5(nonce + ":" + sha1hex(password))`, lowercase hex (§4.1; eight clients agree). */
export function signPassword(nonce: string, password: string): string {
  const sha = createHash('sha1').update(password, 'utf8').digest('hex');
  return createHash('md5').update(`${nonce}:${sha}`, 'utf8').digest('hex');
}

/** A request command: `<command xmlns="" xsi:type="TYPE">…fields…</command>` (§3.1). */
export function command(type: string, fields: [name: string, value: string][]): XmlFragment {
  return el('command', { xmlns: '', 'xsi:type': type }, ...fields.map(([n, v]) => el(n, {}, v)));
}

/** The whole request: declaration, one-line document, then `\n` (§2.1). */
export function requestDocument(sessionId: string, commands: XmlFragment[], encoding: XmlEncoding): Buffer {
  const root = el(
    'BroadsoftDocument',
    { protocol: 'OCI', xmlns: 'C', 'xmlns:xsi': XSI_NS },
    el('sessionId', { xmlns: '' }, sessionId),
    ...commands,
  );
  return Buffer.concat([encodeDocument(root, encoding), Buffer.from('\n')]);
}

/** The end-user credential in one of the five §5.1 branches (element order fixed by the schema). */
export type VerifyCredential =
  | { form: 'userId'; userId: string; password: string }
  | { form: 'phoneNumber'; phoneNumber: string; passcode: string }
  | { form: 'linePort'; linePort: string; password: string }
  | { form: 'loginToken'; loginToken: string }
  | { form: 'sip'; sipUserName: string; sipPassword: string; userId: string };

export function verifyCommand(c: VerifyCredential): XmlFragment {
  const type = 'AuthenticationVerifyRequest22V4';
  switch (c.form) {
    case 'userId':
      return command(type, [
        ['userId', c.userId],
        ['password', c.password],
      ]);
    case 'phoneNumber':
      return command(type, [
        ['phoneNumber', c.phoneNumber],
        ['passcode', c.passcode],
      ]);
    case 'linePort':
      return command(type, [
        ['linePort', c.linePort],
        ['password', c.password],
      ]);
    case 'loginToken':
      return command(type, [['loginToken', c.loginToken]]);
    case 'sip':
      return command(type, [
        ['sipAuthenticationUserName', c.sipUserName],
        ['sipAuthenticationPassword', c.sipPassword],
        ['userId', c.userId],
      ]);
  }
}

/** §5.1 length limits (schema minLength/maxLength); a value outside them is never sent (§7.4). */
const LIMITS: Record<string, [min: number, max: number]> = {
  userId: [1, 161],
  password: [1, 60],
  phoneNumber: [1, 23],
  passcode: [1, 30],
  linePort: [1, 161],
  loginToken: [1, 4096],
  sipUserName: [1, 80],
  sipPassword: [1, 60],
};

/** The first field of `c` outside its schema limits, or undefined when all fit. */
export function outOfLimits(c: VerifyCredential): string | undefined {
  for (const [k, v] of Object.entries(c)) {
    const lim = LIMITS[k];
    if (lim && (v.length < lim[0] || v.length > lim[1])) return k;
  }
  return undefined;
}

/** docs/architecture.md: digits, an optional leading `+`, `-` separators → a phone number (DN). */
const PHONE = /^\+?\d+(?:-\d+)*$/;

/**
 * Maps the password tab's identifier to a §5.1 branch. With `passcodeLogin`, a phone-number
 * identifier goes out as phoneNumber + passcode (the voice-portal PIN, not the web password), the
 * DN as typed; without it (the default) every identifier is a userId (or linePort / sip by form),
 * so an all-digit userId and the web password work.
 */
export function credentialFor(
  identifier: string,
  password: string,
  form: 'userId' | 'linePort' | 'sip',
  passcodeLogin = false,
): VerifyCredential {
  if (passcodeLogin && PHONE.test(identifier))
    return { form: 'phoneNumber', phoneNumber: identifier, passcode: password };
  if (form === 'linePort') return { form: 'linePort', linePort: identifier, password };
  if (form === 'sip') {
    const slash = identifier.indexOf('/');
    const sipUserName = slash < 0 ? identifier : identifier.slice(0, slash);
    const userId = slash < 0 ? identifier : identifier.slice(slash + 1);
    return { form: 'sip', sipUserName, sipPassword: password, userId };
  }
  return { form: 'userId', userId: identifier, password };
}

/**
 * An ErrorResponse about the ADMIN session rather than the end user's credential: the admin's
 * login expired or was dropped server-side, or the admin has no rights over this user. Evidence:
 * `[Error 5404] Unauthorized transaction.` (a client library's error table; also what OCI-P
 * answers to a request on a socket that is not logged in). The texts are a guess at the wording
 * of the other cases; a credential error (4962 Invalid password, 4008 User not found, 5202
 * disabled) never matches.
 */
const ADMIN_SESSION_CODES = new Set([5404]);
const ADMIN_SESSION_TEXT =
  /unauthori[sz]ed transaction|session (?:is )?(?:no longer valid|invalid|expired|timed? ?out)|not logged in|login required|(?:no|insufficient) (?:rights|privileges?|permission|authori[sz]ation)|not authori[sz]ed/i;

export function isAdminSessionError(e: { code?: number; summary: string }): boolean {
  return (e.code !== undefined && ADMIN_SESSION_CODES.has(e.code)) || ADMIN_SESSION_TEXT.test(e.summary);
}

/** True when the (single) reply is an admin/session ErrorResponse: log in again, retry once. */
export function isAdminSessionReply(reply: OciReply): boolean {
  const e = reply.commands[0]?.error;
  return e !== undefined && isAdminSessionError(e);
}

// ---------------------------------------------------------------- replies

export interface OciCommandReply {
  /** Local name of the resolved xsi:type (`LoginResponse14sp4`, `ErrorResponse`, `LogoutRequest`). */
  type: string;
  element: XmlElement;
  error?: { code?: number; summary: string };
}

export interface OciReply {
  sessionId: string;
  commands: OciCommandReply[];
}

export class OciProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OciProtocolError';
  }
}

/** Decodes (per its own declaration) and parses one framed reply document. */
export function parseReply(bytes: Buffer, maxBytes: number): OciReply {
  return parseReplyText(decodeDocument(bytes), maxBytes);
}

/** Parses a reply already decoded to text (the SOAP transport carries it as a string). */
export function parseReplyText(xml: string, maxBytes: number): OciReply {
  const doc = parseXml(xml, { maxLength: maxBytes, maxDepth: 16 });
  if (doc.local !== 'BroadsoftDocument' || doc.ns !== 'C')
    throw new OciProtocolError('reply root is not {C}BroadsoftDocument');
  const sessionId = childText(doc, 'sessionId', '') ?? '';
  const commands = childrenNamed(doc, 'command', '').map((element): OciCommandReply => {
    const type = xsiType(element)?.local ?? '';
    const severity = attr(element, 'type');
    // §7.8: trust the resolved type, and also a `type="Error"` attribute.
    if (type === 'ErrorResponse' || severity === 'Error') {
      const summary = childText(element, 'summary', '') ?? childText(element, 'summaryEnglish', '') ?? '';
      const codeText = child(element, 'errorCode', '')?.text ?? /^\s*\[Error (\d+)\]/.exec(summary)?.[1];
      const code = codeText !== undefined && /^\s*-?\d+\s*$/.test(codeText) ? Number(codeText) : undefined;
      return { type: 'ErrorResponse', element, error: code !== undefined ? { code, summary } : { summary } };
    }
    return { type, element };
  });
  return { sessionId, commands };
}

/** `[Error 4962]` — the only part of an upstream error that goes to the audit log as `detail`. */
export function errorDetail(e: { code?: number }): string {
  return e.code !== undefined ? `[Error ${e.code}]` : '[Error]';
}

/** True for a server-pushed `LogoutRequest` (reason `Open Client Server Forced Logout`, §2.1). */
export function isLogoutPush(reply: OciReply): boolean {
  return reply.commands.some((c) => c.type === 'LogoutRequest');
}
