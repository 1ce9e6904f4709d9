/**
 * Byte-exact OCI-P response documents, as docs/protocols/broadworks-oci.md §3.2 and §8 describe them:
 * one line (declaration immediately followed by the root), echoed sessionId, `echo=""` on every
 * command, unprefixed xsi:type for data responses, `c:`-prefixed with `xmlns:c="C"` for
 * Success/Error, attribute order as captured, then exactly one `\n`.
 */
import { createHash } from 'node:crypto';
import { el, encodeDocument, raw, type XmlChild, type XmlEncoding, type XmlFragment } from '@auth-login/xml';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** md5(nonce + ":" + sha1hex(password)), lowercase hex (docs/protocols/broadworks-oci.md §4.1). */
export function signedPassword(nonce: string, password: string): string {
  const sha = createHash('sha1').update(password, 'utf8').digest('hex');
  return createHash('md5').update(`${nonce}:${sha}`, 'utf8').digest('hex');
}

/** A data response command: `<command echo="" xsi:type="TYPE" xmlns="">…` */
export function dataCommand(type: string, echo: string, fields: [string, string | undefined][]): XmlFragment {
  const kids: XmlChild[] = fields
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([k, v]) => el(k, {}, v));
  return el('command', { echo, 'xsi:type': type, xmlns: '' }, ...kids);
}

export function successCommand(echo: string): XmlFragment {
  return el('command', { echo, 'xsi:type': 'c:SuccessResponse', 'xmlns:c': 'C', xmlns: '' });
}

export interface OciErrorSpec {
  code: number;
  summary: string;
  detail?: string;
  /** Emit `<errorCode>` first (newer-release style; captures omit it). */
  withErrorCode?: boolean;
}

export function errorCommand(echo: string, e: OciErrorSpec): XmlFragment {
  const text = `[Error ${e.code}] ${e.summary}`;
  return el(
    'command',
    { type: 'Error', echo, 'xsi:type': 'c:ErrorResponse', 'xmlns:c': 'C', xmlns: '' },
    e.withErrorCode ? el('errorCode', {}, String(e.code)) : null,
    el('summary', {}, text),
    el('summaryEnglish', {}, text),
    e.detail !== undefined ? el('detail', {}, e.detail) : null,
  );
}

/** A server-pushed `LogoutRequest` (docs/protocols/broadworks-oci.md §2.1, §4.4). */
export function logoutPushCommand(userId: string): XmlFragment {
  return el(
    'command',
    { 'xsi:type': 'LogoutRequest', xmlns: '' },
    el('userId', {}, userId),
    el('reason', {}, 'Open Client Server Forced Logout'),
  );
}

export interface DocumentOptions {
  encoding: XmlEncoding;
  /** Fault injection: `\n` between `?>` and the root (seen in SOAP captures). */
  newlineAfterDeclaration?: boolean;
  /** Fault injection: leave out the trailing `\n`. */
  omitTrailingNewline?: boolean;
}

/** The full reply bytes: declaration + one-line document + `\n`, truly in `encoding`. */
export function responseDocument(sessionId: string, commands: XmlFragment[], o: DocumentOptions): Buffer {
  const root = el(
    'BroadsoftDocument',
    { protocol: 'OCI', xmlns: 'C', 'xmlns:xsi': XSI },
    el('sessionId', { xmlns: '' }, sessionId),
    ...commands,
  );
  const body = encodeDocument(root, o.encoding, o.newlineAfterDeclaration ?? false);
  return o.omitTrailingNewline ? body : Buffer.concat([body, Buffer.from('\n')]);
}

/** Garbage that still ends with the closing tag, so a client frames it and must reject it. */
export const GARBAGE_REPLY = Buffer.concat([
  Buffer.from([0x00, 0xff, 0xfe]),
  Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n<html><<not-xml&&</BroadsoftDocument>\n', 'latin1'),
]);

export { raw };
