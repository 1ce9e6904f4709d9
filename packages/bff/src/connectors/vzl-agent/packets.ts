/**
 * Request packets and reply parsing for the VZL XML API (docs/protocols/vzl-agent.md §3, §4).
 *
 * Requests go unqualified (no namespaces), like every guide example (§3.3); `system` calls carry
 * no `<target>`, others name the operator (pitfall 3); element order name, realm, password
 * (pitfall 8). Names and passwords travel as base64 of their UTF-8 bytes with no line breaks
 * (pitfall 7), so user input can never become markup; the builder escapes anyway.
 *
 * Replies are read by local name only: prefixes and their nsN mapping change per reply (§3.3,
 * pitfall 4), and header order is not the XSD's (pitfall 5).
 */
import { childText, decodeDocument, el, parseXml, type XmlElement } from '@auth-login/xml';

const PROTOCOL_VERSION = '4.0.0';

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function packet(id: string, operator: string, call: string, params: [string, string][]): Buffer {
  const doc = el(
    'packet',
    { version: PROTOCOL_VERSION, id },
    operator === 'system' ? null : el('target', {}, operator),
    el('data', {}, el(operator, {}, el(call, {}, ...params.map(([k, v]) => el(k, {}, v))))),
  );
  // One NUL terminates every packet (§2.1); without it the agent keeps waiting.
  return Buffer.from(`${doc.toString()}\0`, 'utf8');
}

/** `auth_nameType` (§5.1) then the password, in schema order: name, domain?, realm, password (pitfall 8). */
function credentials(name: string, password: string, realm: string, domain?: string): [string, string][] {
  return [
    ['name', b64(name)],
    ...(domain !== undefined ? [['domain', b64(domain)] as [string, string]] : []),
    ['realm', realm],
    ['password', b64(password)],
  ];
}

/** `system/login` for the service account: opens the permanent session (§4.2). */
export function loginPacket(id: string, name: string, password: string, realm: string, domain?: string): Buffer {
  return packet(id, 'system', 'login', credentials(name, password, realm, domain));
}

/** `authm/authenticate` for an end user: verifies only, creates no session (§4.3). */
export function authenticatePacket(id: string, name: string, password: string, realm: string, domain?: string): Buffer {
  return packet(id, 'authm', 'authenticate', credentials(name, password, realm, domain));
}

export interface VzlError {
  code: string;
  message: string;
  /** The operator element under `data` the error sits in (`authm`, `system`, ...). */
  operator: string;
}

export interface VzlReply {
  /** Packet id; echoes the request's, or is agent-generated (pitfall 6). */
  id: string | undefined;
  origin: string | undefined;
  /** Every `error` element anywhere under `data` (§6: errors may sit at various levels). */
  errors: VzlError[];
  /** `data/<operator>/token` (§4.2, §4.3, §5.3), with the operator it sits under. */
  token: { operator: string; element: XmlElement } | undefined;
  /** The `data` element itself. */
  data: XmlElement | undefined;
}

function collect(e: XmlElement, local: string, out: XmlElement[]): XmlElement[] {
  for (const c of e.children) {
    if (c.local === local) out.push(c);
    else collect(c, local, out);
  }
  return out;
}

/** Parses one frame (throws XmlError on anything that is not a well-formed `packet`). */
export function parseReply(frame: Buffer): VzlReply {
  const root = parseXml(decodeDocument(frame).trim(), { maxLength: 256 * 1024, maxDepth: 24 });
  if (root.local !== 'packet') throw new Error('reply root is not a packet');
  const data = root.children.find((c) => c.local === 'data');
  const errors: VzlError[] = [];
  let token: VzlReply['token'];
  for (const op of data?.children ?? []) {
    for (const e of op.local === 'error' ? [op] : collect(op, 'error', [])) {
      errors.push({
        code: (childText(e, 'code') ?? '').trim(),
        message: (childText(e, 'message') ?? '').trim(),
        operator: op.local,
      });
    }
    const t = op.children.find((c) => c.local === 'token');
    if (t && !token) token = { operator: op.local, element: t };
  }
  return {
    id: root.attrs.find((a) => a.local === 'id' && a.ns === '')?.value,
    origin: childText(root, 'origin')?.trim(),
    errors,
    token,
    data,
  };
}

/** `tokenType` fields (§5.3) that are safe to show: privileges and the source name. */
export function tokenSummary(token: XmlElement): { userSid: string; privileges: string[]; source?: string } {
  const privileges = token.children
    .filter((c) => c.local === 'privileges')
    .flatMap((p) => p.children.filter((c) => c.local === 'privilege').map((c) => c.text.trim()))
    .filter((p) => p !== '');
  const src = token.children.find((c) => c.local === 'source');
  const source = src ? childText(src, 'name')?.trim() : undefined;
  return { userSid: (childText(token, 'user') ?? '').trim(), privileges, ...(source ? { source } : {}) };
}
