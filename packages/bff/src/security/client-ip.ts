/**
 * The client IP used for throttling and logs (docs/security.md A-02, T09).
 *
 * - trustProxy false (default): the socket's address. X-Forwarded-For / X-Real-IP are ignored,
 *   so a forged header neither bypasses nor shifts a per-IP limit.
 * - trustProxy true: ONE trusted proxy in front appends the address it saw to X-Forwarded-For;
 *   we take that RIGHTMOST entry (Koa's `maxIpsCount: 1`). Entries to its left came from the
 *   client and are ignored.
 */
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

function normalise(address: string): string {
  // ::ffff:127.0.0.1 and 127.0.0.1 are the same client.
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const socketAddress = normalise(req.socket.remoteAddress ?? 'unknown');
  if (!trustProxy) return socketAddress;
  const header = req.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const last = list.at(-1);
  return last && isIP(normalise(last)) ? normalise(last) : socketAddress;
}

/** The request's scheme: TLS on the socket, or X-Forwarded-Proto from the trusted proxy. */
export function isSecureRequest(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!trustProxy) return false;
  const proto = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')
    .at(-1)
    ?.trim()
    .toLowerCase();
  return proto === 'https';
}

/** An IPv6 address as 8 hextets (`::` expanded, an IPv4 tail converted); undefined if not IPv6. */
function hextets(address: string): number[] | undefined {
  const plain = address.split('%')[0]!; // a zone id (fe80::1%eth0) is not part of the address
  if (isIP(plain) !== 6) return undefined;
  let text = plain;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  if (tail === undefined) return left;
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The client as the throttles count it (docs/security.md A-02): an IPv4 address as is; an IPv6
 * address grouped by its first `ipv6Prefix` bits (`2001:db8:1:2::/64`), since one host commonly
 * holds a whole /64 and could otherwise rotate through 2^64 addresses, each with fresh counters.
 */
export function clientGroup(ip: string, ipv6Prefix: number): string {
  const groups = hextets(ip);
  if (!groups) return ip;
  const masked = groups.map((value, i) => {
    const bits = Math.max(0, Math.min(16, ipv6Prefix - i * 16));
    return bits === 0 ? 0 : value & ((0xffff << (16 - bits)) & 0xffff);
  });
  return `${masked.map((h) => h.toString(16)).join(':')}/${ipv6Prefix}`;
}
