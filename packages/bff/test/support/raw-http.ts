/**
 * A raw HTTP/1.1 client over a TCP socket, for the fuzz and fault suites: it sends exactly the
 * bytes given (any method, header or body, invalid UTF-8 included — things `fetch` refuses to
 * send) and returns the status, headers and body, or why it got none. It never waits longer than
 * `timeoutMs`: a timeout is a finding, not a hang.
 */
import { connect } from 'node:net';

export interface RawResponse {
  /** 0 when no status line came back (closed, reset or timed out). */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** 'ok' | 'closed' (server closed without a reply) | 'reset' | 'timeout'. */
  end: 'ok' | 'closed' | 'reset' | 'timeout';
  ms: number;
}

export interface RawRequest {
  method: string;
  path: string;
  headers?: Array<[string, string | Buffer]>;
  body?: Buffer | string;
  /** Default true: add `Content-Length` for the body unless a header sets length/encoding. */
  autoLength?: boolean;
}

export function encodeRequest(host: string, port: number, req: RawRequest): Buffer {
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
  const headers = [...(req.headers ?? [])];
  const names = new Set(headers.map(([n]) => n.toLowerCase()));
  if (!names.has('host')) headers.unshift(['Host', `${host}:${port}`]);
  if (req.autoLength !== false && !names.has('content-length') && !names.has('transfer-encoding') && body.length > 0) {
    headers.push(['Content-Length', String(body.length)]);
  }
  if (!names.has('connection')) headers.push(['Connection', 'close']);
  const head = Buffer.concat([
    Buffer.from(`${req.method} ${req.path} HTTP/1.1\r\n`, 'latin1'),
    ...headers.map(([n, v]) =>
      Buffer.concat([
        Buffer.from(`${n}: `, 'latin1'),
        Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8'),
        Buffer.from('\r\n'),
      ]),
    ),
    Buffer.from('\r\n'),
  ]);
  return Buffer.concat([head, body]);
}

function parseResponse(raw: Buffer): Pick<RawResponse, 'status' | 'headers' | 'body'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split < 0 ? raw.length : split).toString('latin1');
  const [statusLine, ...lines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status: match ? Number(match[1]) : 0, headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', offset);
    if (eol < 0) break;
    const size = parseInt(data.subarray(offset, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    offset = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

export function rawRequest(
  host: string,
  port: number,
  req: RawRequest | Buffer,
  timeoutMs = 5_000,
): Promise<RawResponse> {
  const bytes = Buffer.isBuffer(req) ? req : encodeRequest(host, port, req);
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host, port });
    const finish = (end: RawResponse['end']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = parseResponse(Buffer.concat(chunks));
      resolve({ ...parsed, end: parsed.status ? 'ok' : end, ms: performance.now() - started });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('error', () => finish('reset'));
  });
}
