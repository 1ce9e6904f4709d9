/**
 * The agent's reply packets, shaped like the samples in docs/protocols/vzl-agent.md (§2.2 greeting, §4.1
 * get_realm, §4.2 system/login, §4.3 authm/authenticate success and error). Error codes and
 * messages are invented: the real ones are unknown (§6, §8 "choose test codes freely").
 */
import { createHash } from 'node:crypto';
import { n, renderPacket, type NsKey, type PrefixStyle, type XNode } from './render.js';
import { VZL_CONTAINER_REALM, VZL_INTERNAL_REALM, VZL_SYSTEM_REALM } from './accounts.js';

/** Invented error codes (real ones unknown, docs/protocols/vzl-agent.md §6). */
export const VZL_ERR = {
  badRequest: 100,
  notLoggedIn: 101,
  unknownCall: 102,
  authFailed: 1501,
  accountDisabled: 1502,
} as const;

export interface ReplyHeader {
  /** Echo of the request id, or an agent-generated one (§3.1, pitfall 6). */
  id: string;
  version: string;
  /** This connection's client name, `vzclientN-<uuid>` (§3.2, §8). */
  target: string;
  style: PrefixStyle;
  rotate: number;
}

/** `YYYY-MM-DDThh:mm:ss+0000` (§3.1). */
export function vzlTime(d = new Date()): string {
  return `${d.toISOString().slice(0, 19)}+0000`;
}

/** The synthetic greeting of §2.2, verbatim apart from the connection's client name. */
export function greeting(target: string, error?: { code: number; message: string }): Buffer {
  const body = error ? `<error>\n<code>${error.code}</code>\n<message>${error.message}</message>\n</error>` : '<ok/>';
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><packet version="4.0.0" id="0" priority="0">\n<origin>system</origin>\n` +
      `<target>${target}</target>\n<data>\n<system>\n${body}\n</system>\n</data>\n</packet>\n\0`,
    'utf8',
  );
}

function envelope(h: ReplyHeader, origin: string, data: XNode, director: boolean): Buffer {
  const kids: XNode[] = [n('origin', 'protocol', origin), n('target', 'protocol', h.target)];
  // authm replies pass through the "gend" director: dst before data, src after it (§4.3, pitfall 5).
  if (director) kids.push(n('dst', 'protocol', [n('director', 'protocol', 'gend')]));
  kids.push(n('data', 'protocol', [data]));
  if (director) kids.push(n('src', 'protocol', [n('director', 'protocol', 'gend')]));
  return renderPacket(n('packet', 'protocol', kids), {
    style: h.style,
    rotate: h.rotate,
    attrs: [
      ['id', h.id],
      ['time', vzlTime()],
      ['priority', '0'],
      ['version', h.version],
    ],
  });
}

/** A deterministic SID-like base64 value (`01 05 00 00 00 00 20 01 …`, §5.3) for a name. */
function sid(name: string, group: boolean): string {
  const digest = createHash('sha256').update(name).digest().subarray(0, 16);
  return Buffer.concat([Buffer.from([1, 5, 0, 0, 0, 0, 0x20, group ? 0 : 1]), digest, Buffer.alloc(4)]).toString(
    'base64',
  );
}

function token(tokenNs: NsKey, name: string, privileges: string[]): XNode {
  return n(
    'token',
    tokenNs,
    [
      n('user', 'types', sid(name, false)),
      n('groups', 'types', [n('sid', 'types', sid(name, true))]),
      n('deny_only_sids', 'types'),
      n(
        'privileges',
        'types',
        privileges.map((p) => n('privilege', 'types', p)),
      ),
    ],
    ['types', 'tokenType'],
  );
}

/** system/login success: `<system>` in the protocol namespace, token in the system one (§4.2). */
export function loginOk(h: ReplyHeader, name: string): Buffer {
  return envelope(h, 'system', n('system', 'protocol', [token('system', name, [])]), false);
}

/** authm/authenticate success (§4.3). */
export function authenticateOk(h: ReplyHeader, name: string, privileges: string[]): Buffer {
  return envelope(h, 'authm', n('authm', 'authm', [token('authm', name, privileges)]), true);
}

/** `<error><code/><message/></error>` under `data/<operator>` (§4.3 failure, §6). */
export function errorReply(
  h: ReplyHeader,
  operator: 'system' | 'authm' | 'sessionm',
  code: number,
  message: string,
): Buffer {
  const err = n('error', 'protocol', [n('code', 'protocol', String(code)), n('message', 'protocol', message)]);
  const opNs: NsKey = operator === 'system' ? 'protocol' : operator;
  return envelope(h, operator, n(operator, opNs, [err]), operator === 'authm');
}

/** system/get_realm: the three realms of §4.1 / §8 (unprefixed in the guide; style still applies). */
export function realmsReply(h: ReplyHeader): Buffer {
  const realm = (type: string, name: string, id: string, extra: XNode[] = []): XNode =>
    n(
      'realm',
      'protocol',
      [
        n('builtin', 'protocol'),
        n('name', 'protocol', name),
        n('type', 'protocol', type),
        n('id', 'protocol', id),
        ...extra,
      ],
      extra.length ? ['authm', 'dir_realmType'] : ['types', 'realmType'],
    );
  // Namespaces as in the guide sample: ns1 protocol, ns2 authm (dir_realmType), ns3 types.
  const realms = n('realms', 'protocol', [
    realm('1', 'Virtuozzo Internal', VZL_INTERNAL_REALM, [
      n('address', 'protocol', 'vzsveaddress'),
      n('port', 'protocol', '389'),
      n('base_dn', 'protocol', 'dc=vzl'),
      n('default_dn', 'protocol', 'cn=users,dc=vzl'),
    ]),
    realm('0', 'System', VZL_SYSTEM_REALM),
    realm('1000', 'Virtuozzo Container', VZL_CONTAINER_REALM),
  ]);
  return envelope(h, 'system', n('system', 'protocol', [realms]), false);
}
