/**
 * A tiny HTTP server for the REST simulators (DIGIPASS Gateway, OpenIAM, Authing): one handler
 * function, bodies read with a cap, replies that may be delayed ("slow" scenarios) or never sent
 * ("hang"), and a `close()` that really stops everything (open sockets and pending timers), so
 * tests never leave a process behind (team brief: "every server your tests start, they stop").
 */
import { createServer, type IncomingMessage, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface SimRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body as UTF-8 text. */
  text: string;
  /** The TCP peer's address (the caller's host, e.g. the BFF). */
  remoteAddress: string;
}

export interface SimReply {
  status: number;
  headers?: Record<string, string | string[]>;
  /** A string/Buffer is sent as-is; anything else as JSON (`application/json;charset=UTF-8`). */
  body?: unknown;
  /** Answer only after this many ms (the "slow" scenarios). */
  delayMs?: number;
}

export type SimHandler = (req: SimRequest) => SimReply | Promise<SimReply>;

export interface SimHttpServer {
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface SimHttpServerOptions {
  port?: number;
  host?: string;
  handler: SimHandler;
  /** Request bodies larger than this get 413. Default 64 KiB. */
  maxBodyBytes?: number;
}

export async function startSimHttpServer(options: SimHttpServerOptions): Promise<SimHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('simulator error');
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, maxBody);
    if (body === null) {
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('too large');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sim');
    const reply = await options.handler({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      text: body.toString('utf8'),
      remoteAddress: req.socket.remoteAddress ?? '',
    });
    const send = () => {
      if (res.destroyed) return;
      const headers: Record<string, string | string[]> = { ...reply.headers };
      let payload: Buffer | string = '';
      if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
        payload = reply.body;
      } else if (reply.body !== undefined) {
        payload = JSON.stringify(reply.body);
        headers['content-type'] ??= 'application/json;charset=UTF-8';
      }
      res.writeHead(reply.status, headers).end(payload);
    };
    if (reply.delayMs && reply.delayMs > 0) {
      const t = setTimeout(() => {
        timers.delete(t);
        send();
      }, reply.delayMs);
      timers.add(t);
    } else {
      send();
    }
  }

  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  let closing: Promise<void> | undefined;

  return {
    host,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** Parses a JSON body; `undefined` when it is not JSON (the simulator then answers like its system does). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads `Authorization: Basic` into [user, password]; null when absent or malformed. */
export function basicCredentials(headers: IncomingHttpHeaders): [string, string] | null {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(headers.authorization ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  return [decoded.slice(0, i), decoded.slice(i + 1)];
}
