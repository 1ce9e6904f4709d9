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
