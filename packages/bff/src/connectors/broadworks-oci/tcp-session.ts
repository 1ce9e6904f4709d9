/**
 * One OCI-P socket with one admin login on it (docs/protocols/broadworks-oci.md §2.1, §7.5, §7.6): requests are
 * serialised (one outstanding document at a time), replies framed by `</BroadsoftDocument>` and
 * decoded per their own declaration. The session dies — and never takes another request — on EOF,
 * a socket error, a timed-out request (the stream is out of step), or a server-pushed
 * `LogoutRequest`; the pool then opens a fresh socket and logs in again.
 */
import { randomUUID } from 'node:crypto';
import type net from 'node:net';
import { UpstreamError } from '../connector.js';
import { DelimiterFramer } from '../shared/tcp.js';
import type { XmlEncoding, XmlFragment } from '@auth-login/xml';
import { isLogoutPush, parseReply, requestDocument, type OciReply } from './messages.js';

/** Why the session can no longer be used. `forced-logout` before a reply means "not processed". */
export type DeathReason = 'closed' | 'forced-logout' | 'timeout' | 'error' | 'closed-by-us';

export class SessionDeadError extends UpstreamError {
  /**
   * `sent`: whether the request reached the socket. A request never sent, or answered by a
   * pushed LogoutRequest instead of a reply (the server logged us out rather than processing
   * it), may be retried once on a fresh login; a drop after sending may not (lockout counters).
   */
  constructor(
    readonly reason: DeathReason,
    readonly sent: boolean,
    message: string,
  ) {
    super(reason === 'timeout' ? 'timeout' : 'unavailable', message);
  }

  get retryable(): boolean {
    return !this.sent || this.reason === 'forced-logout';
  }
}

interface Waiter {
  resolve: (r: OciReply) => void;
  reject: (e: Error) => void;
}

export interface TcpSessionOptions {
  name: string;
  encoding: XmlEncoding;
  maxResponseBytes: number;
  /** Called once when the session dies (for the log; never with secrets). */
  onDeath?: (reason: DeathReason) => void;
  /** Called when the session has had nothing in flight for `idleMs` (the pool's idle probe). */
  idleMs?: number;
  onIdle?: (session: OciTcpSession) => void;
}

export class OciTcpSession {
  readonly sessionId = randomUUID();
  #dead: DeathReason | undefined;
  #waiter: Waiter | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #inFlight = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  readonly #framer: DelimiterFramer;

  constructor(
    private readonly socket: net.Socket,
    private readonly o: TcpSessionOptions,
  ) {
    this.#framer = new DelimiterFramer('</BroadsoftDocument>', o.maxResponseBytes);
    socket.setNoDelay(true);
    // Kernel keepalive: notices a peer that vanished while idle (RST after the probes fail). It
    // cannot see a NAT that drops the mapping silently fast enough — the pool's idle probe does.
    socket.setKeepAlive(true, 30_000);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => this.#die('error'));
    socket.on('close', () => this.#die('closed'));
  }

  get alive(): boolean {
    return this.#dead === undefined && !this.socket.destroyed;
  }

  /** Requests queued or running on this socket (the pool picks the least busy). */
  get load(): number {
    return this.#inFlight;
  }

  /**
   * Sends one document and resolves with its reply. Serialised per socket. Rejects with
   * `SessionDeadError` when the socket dies first, or `UpstreamError('timeout')` (and kills the
   * session) when `signal` aborts (the call policy's deadline, or the admin login's own bound).
   */
  request(commands: XmlFragment[], signal: AbortSignal): Promise<OciReply> {
    this.#inFlight++;
    this.#disarmIdle();
    const run = this.#queue.then(() => this.#exchange(commands, signal));
    this.#queue = run
      .catch(() => undefined)
      .finally(() => {
        if (--this.#inFlight === 0) this.#armIdle();
      });
    // While queued behind another request, the caller's signal still ends the wait at once
    // (its turn then finds the signal aborted and sends nothing).
    return new Promise<OciReply>((resolve, reject) => {
      const onAbort = (): void => reject(new UpstreamError('timeout', `${this.o.name}: aborted while queued`));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  close(): void {
    this.#die('closed-by-us');
  }

  /** Starts the idle clock (the pool calls it once the admin login is done; every request restarts it). */
  #armIdle(): void {
    this.#disarmIdle();
    const { idleMs, onIdle } = this.o;
    if (idleMs === undefined || !onIdle || !this.alive) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      if (this.alive && this.#inFlight === 0) onIdle(this);
    }, idleMs);
    this.#idleTimer.unref();
  }

  #disarmIdle(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  #exchange(commands: XmlFragment[], signal: AbortSignal): Promise<OciReply> {
    if (!this.alive)
      return Promise.reject(new SessionDeadError(this.#dead ?? 'closed', false, `${this.o.name}: session is closed`));
    if (signal.aborted) return Promise.reject(new UpstreamError('timeout', `${this.o.name}: aborted before sending`));
    // Built before anything is written: an illegal character throws here, nothing is sent.
    const bytes = requestDocument(this.sessionId, commands, this.o.encoding);
    return new Promise<OciReply>((resolve, reject) => {
      const finish = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.#waiter = undefined;
      };
      const onTimeout = (why: string): void => {
        finish();
        // A late reply would answer the NEXT request: the socket is unusable now.
        this.#die('timeout');
        reject(new UpstreamError('timeout', `${this.o.name}: ${why}`));
      };
      const onAbort = (): void => onTimeout('aborted while waiting for a reply');
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiter = {
        resolve: (r) => {
          finish();
          resolve(r);
        },
        reject: (e) => {
          finish();
          reject(e);
        },
      };
      this.socket.write(bytes);
    });
  }

  #onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.#framer.push(chunk);
    } catch {
      return this.#fail(
        new UpstreamError('bad_response', `${this.o.name}: reply exceeds ${this.o.maxResponseBytes} bytes`),
      );
    }
    // Several documents may arrive in one chunk (a reply and a pushed LogoutRequest): handle each.
    for (const frame of frames) {
      let reply: OciReply;
      try {
        reply = parseReply(frame, this.o.maxResponseBytes);
      } catch (e) {
        return this.#fail(
          new UpstreamError('bad_response', `${this.o.name}: unreadable reply (${(e as Error).message.slice(0, 80)})`),
        );
      }
      if (isLogoutPush(reply)) {
        this.#die('forced-logout');
        continue;
      }
      if (reply.sessionId !== this.sessionId) {
        return this.#fail(new UpstreamError('bad_response', `${this.o.name}: reply for another sessionId`));
      }
      const w = this.#waiter;
      if (!w) continue; // unsolicited and not a logout: nothing waits for it
      this.#waiter = undefined;
      w.resolve(reply);
    }
  }

  /** A broken reply: the stream cannot be trusted any more. */
  #fail(err: UpstreamError): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    this.#kill('error');
    w?.reject(err);
  }

  #die(reason: DeathReason): void {
    const pendingBytes = this.#framer.pending;
    this.#kill(reason);
    const w = this.#waiter;
    if (!w) return;
    this.#waiter = undefined;
    const what =
      reason === 'forced-logout'
        ? 'server pushed LogoutRequest'
        : pendingBytes > 0
          ? 'connection dropped mid-reply'
          : 'connection closed';
    w.reject(new SessionDeadError(reason, true, `${this.o.name}: ${what}`));
  }

  #kill(reason: DeathReason): void {
    this.#disarmIdle();
    if (this.#dead === undefined) {
      this.#dead = reason;
      this.o.onDeath?.(reason);
    }
    if (!this.socket.destroyed) this.socket.destroy();
  }
}
