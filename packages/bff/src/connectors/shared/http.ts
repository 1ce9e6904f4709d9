/**
 * The one outbound HTTP client every REST connector uses (DIGIPASS Gateway, Authing, OpenIAM).
 *
 * Why it exists (docs/security.md T15/T16, connector.ts rules 2-3):
 * - a connect timeout, the caller's AbortSignal (the deadline of the call policy) and undici's
 *   per-phase timers as a backstop, so nothing waits forever;
 * - a keep-alive undici Agent per connector (one pool, closed on shutdown);
 * - a cap on the response body (checked against Content-Length and while streaming);
 * - redirects are never followed (undici's `request` does not follow them, and a 3xx is
 *   refused as `bad_response` unless the caller opts in to see it);
 * - no transparent decompression (we send no Accept-Encoding), so no gzip bomb;
 * - a configurable CA for gateways with generated certificates (docs/protocols/digipass-gateway.md §1, §6.6);
 * - every failure is an `UpstreamError` whose message names the connector, method and path
 *   (without the query string) — never headers, bodies, or anything else a secret may be in.
 */
import { Agent, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import { UpstreamError } from '../connector.js';
import { readPem } from './pem.js';
import { connectTimeoutOf } from './transport.js';

export interface HttpClientOptions {
  /** Used only in error messages, e.g. `digipass-gateway`. */
  name: string;
  /** Base URL: scheme, host, port and an optional path prefix (`https://dpgw:11080/ctx`). */
  baseUrl: string;
  /** Per-phase backstop (headers, body) in ms; the total deadline is the caller's signal. */
  timeoutMs: number;
  /** Time to establish TCP (+TLS), in ms. Default: min(timeoutMs, 3000). */
  connectTimeoutMs?: number;
  /** PEM CA bundle trusted for this upstream (replaces the system store for it). */
  ca?: string | Buffer;
  /** Default true. Only for development against self-signed gateways. */
  rejectUnauthorized?: boolean;
  /** Response body cap in bytes. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Idle keep-alive socket lifetime, in ms. Default 4000. */
  keepAliveTimeoutMs?: number;
  /** Max sockets to the upstream. Default 16. */
  connections?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Path below baseUrl, starting with `/`; may carry a query string (never echoed in errors). */
  path: string;
  headers?: Record<string, string>;
  /** Serialised as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Serialised as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
  /** Sent as is (e.g. a SOAP envelope); give its content-type in `headers`. */
  text?: string;
  /** The caller's signal (request aborted / flow timeout). */
  signal?: AbortSignal;
  /**
   * How to read the body: `json` (default; non-JSON → `bad_response`), `text`, `bytes`, or `none`
   * (body drained and discarded).
   */
  expect?: 'json' | 'text' | 'bytes' | 'none';
  /** Return 3xx responses instead of refusing them. They are still never followed. */
  allowRedirectStatus?: boolean;
}

export interface HttpResponse<B = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON (`unknown`), string, Uint8Array or undefined, per `expect`. */
  body: B;
}

export interface HttpClient {
  request<B = unknown>(req: HttpRequest): Promise<HttpResponse<B>>;
  /** Closes the keep-alive pool. Idempotent. */
  close(): Promise<void>;
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
/** Codes that mean the connection was never made: the request cannot have been written (notSent). */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const NEVER = new AbortController().signal;
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** The transport keys every REST connector's config schema has (timeouts in ms, `ca` PEM or path). */
export interface RestTransportConfig {
  timeout: number;
  connectTimeout?: number | undefined;
  ca?: string | undefined;
  rejectUnauthorized: boolean;
  maxResponseBytes: number;
}

/** A REST connector's client, built from those keys. */
export function httpClientFor(name: string, baseUrl: string, config: RestTransportConfig): HttpClient {
  const ca = readPem(config.ca);
  return createHttpClient({
    name,
    baseUrl,
    timeoutMs: config.timeout,
    connectTimeoutMs: connectTimeoutOf(config),
    ...(ca !== undefined ? { ca } : {}),
    rejectUnauthorized: config.rejectUnauthorized,
    maxResponseBytes: config.maxResponseBytes,
  });
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`${options.name}: url must be http(s)`);
  }
  const origin = base.origin;
  const prefix = base.pathname.replace(/\/+$/, '');
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  const timeoutMs = options.timeoutMs;
  const connectTimeout = options.connectTimeoutMs ?? Math.min(timeoutMs, 3000);

  const connect: Record<string, unknown> = { timeout: connectTimeout };
  if (options.ca !== undefined) connect.ca = options.ca;
  if (options.rejectUnauthorized === false) connect.rejectUnauthorized = false;
  const agent = new Agent({
    connect,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4000,
    connections: options.connections ?? 16,
    // Per-phase undici timers as a backstop; the total deadline below is the real bound.
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  let closed = false;

  async function request<B>(req: HttpRequest): Promise<HttpResponse<B>> {
    // Errors name the path without its query (a query may carry a token).
    const where = `${options.name} ${req.method} ${prefix}${req.path.split('?')[0]}`;
    if (closed) throw new UpstreamError('unavailable', `${where}: client closed`);
    // The caller's signal is the deadline (the connector's call policy); undici's per-phase
    // timers below are only a backstop for a caller that gives none.
    const signal = req.signal ?? NEVER;
    const headers: Record<string, string> = { accept: 'application/json', ...lower(req.headers) };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    } else if (req.form !== undefined) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (req.text !== undefined) {
      body = req.text;
    }

    let res: Dispatcher.ResponseData;
    try {
      res = await agent.request({
        origin,
        path: prefix + req.path,
        method: req.method,
        headers,
        body: body ?? null,
        signal,
      });
    } catch (err) {
      throw mapError(err, where, signal);
    }
    const resHeaders = res.headers as Record<string, string | string[] | undefined>;
    try {
      if (res.statusCode >= 300 && res.statusCode < 400 && !req.allowRedirectStatus) {
        throw new UpstreamError(
          'bad_response',
          `${where}: redirect ${res.statusCode} refused (redirects are never followed)`,
        );
      }
      const declared = Number(resHeaders['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        throw new UpstreamError('bad_response', `${where}: response too large (${declared} > ${maxBytes} bytes)`);
      }
      const raw = await readCapped(res.body, maxBytes, where);
      return {
        status: res.statusCode,
        headers: resHeaders,
        body: decode(raw, req.expect ?? 'json', where, res.statusCode) as B,
      };
    } catch (err) {
      // Free the socket; undici then emits an AbortError on the body we no longer read.
      res.body.on('error', () => {});
      res.body.destroy();
      if (err instanceof UpstreamError) throw err;
      throw mapError(err, where, signal);
    }
  }

  return {
    request,
    async close() {
      if (closed) return;
      closed = true;
      await agent.close().catch(() => agent.destroy());
    },
  };
}

async function readCapped(stream: AsyncIterable<Buffer>, maxBytes: number, where: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > maxBytes) throw new UpstreamError('bad_response', `${where}: response exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function decode(raw: Buffer, expect: NonNullable<HttpRequest['expect']>, where: string, status: number): unknown {
  switch (expect) {
    case 'none':
      return undefined;
    case 'bytes':
      return new Uint8Array(raw);
    case 'text':
      return raw.toString('utf8');
    case 'json': {
      const text = raw.toString('utf8');
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // The body itself is never quoted: it may echo what we sent.
        throw new UpstreamError('bad_response', `${where}: HTTP ${status} body is not JSON (${raw.length} bytes)`);
      }
    }
  }
}

/** Maps transport errors onto the contract's three kinds; keeps only the error code in the message. */
function mapError(err: unknown, where: string, signal: AbortSignal): UpstreamError {
  if (err instanceof UpstreamError) return err;
  const code = errorCode(err);
  if (signal.aborted || (err instanceof Error && err.name === 'AbortError') || TIMEOUT_CODES.has(code)) {
    return new UpstreamError('timeout', `${where}: no answer in time${code ? ` (${code})` : ''}`);
  }
  const tlsRefused = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);
  if (CONNECT_CODES.has(code) || tlsRefused) {
    // A refused connect or TLS handshake: the request was never written (a reset may come after it was).
    const notSent = NEVER_CONNECTED.has(code) || tlsRefused;
    return new UpstreamError('unavailable', `${where}: cannot connect (${code})`, { notSent });
  }
  if (err instanceof undiciErrors.ResponseExceededMaxSizeError) {
    return new UpstreamError('bad_response', `${where}: response too large`);
  }
  return new UpstreamError('bad_response', `${where}: transport error${code ? ` (${code})` : ''}`);
}

function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return '';
}

function lower(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}
