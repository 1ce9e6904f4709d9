/**
 * The CLI's code inbox: a loopback HTTP server that lists every code the simulators "sent" by SMS
 * or email, so the phone and OTP tabs can be used (and scripted) without reading the console.
 *
 *   GET /inbox  → 200 [{ system, channel, to, code, text, at }, ...]   newest first
 *
 * These are simulated messages to demo accounts, shown on purpose; no real secret is involved.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboxMessage } from './types.js';
import type { StartedSimulators } from './registry.js';

export interface InboxMessage extends OutboxMessage {
  /** The simulator that sent it (`openiam`, `authing`). */
  system: string;
}

export interface RunningInbox {
  readonly url: string;
  readonly port: number;
  messages(): InboxMessage[];
  close(): Promise<void>;
}

/** Every message in the started simulators' outboxes, newest first. */
export function collectInbox(started: StartedSimulators): InboxMessage[] {
  const all: InboxMessage[] = [];
  for (const { entry, sim } of started.simulators) for (const m of sim.outbox) all.push({ system: entry.name, ...m });
  return all.sort((a, b) => b.at - a.at);
}

export async function startInbox(
  started: StartedSimulators,
  o: { host?: string; port?: number } = {},
): Promise<RunningInbox> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/inbox') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try GET /inbox\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      .end(req.method === 'HEAD' ? undefined : JSON.stringify(collectInbox(started)));
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/inbox`,
    port,
    messages: () => collectInbox(started),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
