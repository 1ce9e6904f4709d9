/**
 * Socket helpers shared by the TCP connectors (BroadWorks OCI-P, Virtuozzo VZL):
 * connecting (plain or TLS with a configurable CA) under a connect timeout and the caller's
 * AbortSignal, with every failure mapped to an `UpstreamError` (connector.ts rule 2):
 * refused / unreachable / TLS failure → `unavailable`, no connection in time → `timeout`.
 */
import net from 'node:net';
import tls from 'node:tls';
import { z } from 'zod';
import { UpstreamError } from '../connector.js';

/** `AB:CD:…` or `abcd…`: 32 bytes of SHA-256 in hex; normalised to Node's `AB:CD:…` form. */
export const fingerprint256Schema = z
  .string()
  .transform((v) => v.trim().replace(/:/g, '').toUpperCase())
  .refine((v) => /^[0-9A-F]{64}$/.test(v), 'must be a SHA-256 fingerprint: 64 hex digits, ":" separators allowed')
  .transform((v) => v.match(/../g)!.join(':'));

/** The peer's certificate does not have the pinned fingerprint: refused (connector.ts rule 2: unavailable). */
export class CertificatePinError extends UpstreamError {
  constructor(
    where: string,
    /** Fingerprints are public (they identify a certificate, they grant nothing): safe to log. */
    readonly expected: string,
    readonly presented: string,
  ) {
    super('unavailable', `${where}: certificate fingerprint ${presented || '(none)'} is not the pinned ${expected}`);
  }
}

export interface ConnectOptions {
  /** Used only in error messages. */
  name: string;
  host: string;
  port: number;
  /**
   * TLS from the first byte (no STARTTLS); `ca` replaces the system store when given.
   * `fingerprint256` (normalised `AB:CD:…`, see `fingerprint256Schema`) pins the peer's certificate,
   * checked right after the handshake: without `ca` the pin is the whole check (a self-signed
   * peer: chain and name are not verified); with `ca` the chain and name must pass too.
   */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean; servername?: string; fingerprint256?: string } | false;
  connectTimeoutMs: number;
  signal?: AbortSignal;
}

/** Resolves once the socket is connected (and the TLS handshake done). */
export function connectSocket(o: ConnectOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const where = `${o.name} ${o.host}:${o.port}`;
    // Every failure here is before the request is written: nothing reached the upstream (notSent).
    if (o.signal?.aborted)
      return reject(new UpstreamError('timeout', `${where}: aborted before connecting`, { notSent: true }));
    let socket: net.Socket;
    const pin = o.tls ? o.tls.fingerprint256 : undefined;
    if (o.tls) {
      const servername = o.tls.servername ?? (net.isIP(o.host) ? undefined : o.host);
      socket = tls.connect({
        host: o.host,
        port: o.port,
        ...(o.tls.ca !== undefined ? { ca: o.tls.ca } : {}),
        // A pin without a CA is the trust anchor itself (a self-signed agent has no chain to check).
        rejectUnauthorized: pin !== undefined && o.tls.ca === undefined ? false : (o.tls.rejectUnauthorized ?? true),
        ...(servername !== undefined ? { servername } : {}),
      });
    } else {
      socket = net.connect({ host: o.host, port: o.port });
    }
    const done = (err?: UpstreamError): void => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      socket.removeListener(o.tls ? 'secureConnect' : 'connect', onConnect);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(socket);
    };
    const onConnect = (): void => {
      if (pin !== undefined) {
        const presented = (socket as tls.TLSSocket).getPeerCertificate().fingerprint256 ?? '';
        if (presented.toUpperCase() !== pin) return done(new CertificatePinError(where, pin, presented));
      }
      done();
    };
    const onError = (e: NodeJS.ErrnoException): void =>
      done(new UpstreamError('unavailable', `${where}: ${e.code ?? 'connection failed'}`, { cause: e, notSent: true }));
    const onAbort = (): void =>
      done(new UpstreamError('timeout', `${where}: aborted while connecting`, { notSent: true }));
    const timer = setTimeout(
      () =>
        done(
          new UpstreamError('timeout', `${where}: no connection within ${o.connectTimeoutMs} ms`, { notSent: true }),
        ),
      o.connectTimeoutMs,
    );
    socket.once(o.tls ? 'secureConnect' : 'connect', onConnect);
    socket.once('error', onError);
    o.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Splits a byte stream on a closing delimiter (e.g. `</BroadsoftDocument>`, or NUL for VZL),
 * dropping whitespace before each frame. The delimiter is kept in the frame unless
 * `keepDelimiter: false`, which also drops empty frames (a separator rather than a closing tag). Works on bytes so a multi-byte character
 * split across reads is safe; the delimiter is ASCII, so it cannot appear inside another character.
 */
export class DelimiterFramer {
  #pending: Buffer = Buffer.alloc(0);
  readonly #delimiter: Buffer;
  readonly #keep: boolean;

  constructor(
    delimiter: string,
    private readonly maxFrameBytes: number,
    options: { keepDelimiter?: boolean } = {},
  ) {
    this.#delimiter = Buffer.from(delimiter, 'latin1');
    this.#keep = options.keepDelimiter ?? true;
  }

  /** Bytes of an unfinished frame (a close with this > 0 is a drop mid-reply). */
  get pending(): number {
    return this.#pending.length;
  }

  /** Feeds a chunk; returns complete frames. Throws RangeError past the size cap. */
  push(chunk: Buffer): Buffer[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const frames: Buffer[] = [];
    for (let i = this.#pending.indexOf(this.#delimiter); i >= 0; i = this.#pending.indexOf(this.#delimiter)) {
      const end = i + this.#delimiter.length;
      const frame = trimLeadingWhitespace(this.#pending.subarray(0, this.#keep ? end : i));
      if (this.#keep || frame.length > 0) frames.push(frame);
      this.#pending = this.#pending.subarray(end);
    }
    this.#pending = trimLeadingWhitespace(this.#pending);
    if (this.#pending.length > this.maxFrameBytes) throw new RangeError('frame exceeds the size cap');
    return frames;
  }
}

function trimLeadingWhitespace(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return i === 0 ? b : b.subarray(i);
}
