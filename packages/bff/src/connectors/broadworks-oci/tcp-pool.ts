/**
 * A small pool of kept-open, admin-logged-in OCI-P sockets (docs/protocols/broadworks-oci.md §7.6: a login is
 * bound to its socket, so each socket logs in once and serialises its own requests).
 *
 * - A request takes an idle live session, else opens one while below `poolSize`, else queues on
 *   the least busy one. Dead sessions (EOF, error, pushed LogoutRequest, timeout) are dropped the
 *   moment they are seen, so no verification waits on a dead socket.
 * - A request that never reached a socket, or that a pushed LogoutRequest answered instead of a
 *   reply, is sent once more on a fresh login; any other failure is returned as is (no blind
 *   retries: a verification counts against the user's lockout).
 * - Opening (connect + login) runs under its own timeouts, not the first caller's signal, so one
 *   impatient caller cannot fail an open that others wait for.
 * - Idle probe (`idleProbeMs`): a session with nothing in flight for that long sends
 *   `SystemSoftwareVersionGetRequest` (no fields, reads nothing about anyone, answerable by the
 *   server to any logged-in admin — and any answer, even an ErrorResponse, proves the socket and
 *   its login are alive). The traffic keeps a NAT or firewall from dropping the idle socket; a
 *   probe unanswered within min(timeout, 3s) kills the session (as any timed-out request does), so
 *   the dead socket is gone before a sign-in could pick it. Kept-open sockets also get kernel TCP
 *   keepalive (tcp-session.ts). Recycling idle sockets instead was rejected: it costs a fresh
 *   login (3 round trips) per socket per period and still fails when the NAT's idle timer is
 *   shorter than the recycling age, while the probe prevents the drop in the first place.
 */
import { UpstreamError, type ConnectorLogger } from '../connector.js';
import { connectSocket } from '../shared/tcp.js';
import type { XmlEncoding, XmlFragment } from '@auth-login/xml';
import { adminLogin, type AdminCredentials } from './login.js';
import { command, isAdminSessionReply, type OciReply } from './messages.js';
import { OciTcpSession, SessionDeadError } from './tcp-session.js';

export interface OciTransport {
  request(commands: XmlFragment[], signal: AbortSignal): Promise<OciReply>;
  /** Resolves when a logged-in session exists (opening one if needed). */
  ready(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface TcpPoolOptions extends AdminCredentials {
  name: string;
  logger: ConnectorLogger;
  host: string;
  port: number;
  tls: { ca?: string; rejectUnauthorized: boolean } | false;
  timeoutMs: number;
  connectTimeoutMs: number;
  poolSize: number;
  /** Idle time after which a session sends the liveness probe; false = never. */
  idleProbeMs: number | false;
  encoding: XmlEncoding;
  maxResponseBytes: number;
}

interface Entry {
  opening: Promise<OciTcpSession>;
  session?: OciTcpSession;
}

/** Races `p` against `signal` (the caller stops waiting; `p` itself carries on). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  if (signal.aborted) return Promise.reject(new UpstreamError('timeout', `${what}: aborted`));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new UpstreamError('timeout', `${what}: aborted while waiting for a session`));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class OciTcpPool implements OciTransport {
  #entries: Entry[] = [];
  #closed = false;
  /** Logins performed so far (tests and the bench read it). */
  logins = 0;

  constructor(private readonly o: TcpPoolOptions) {}

  async request(commands: XmlFragment[], signal: AbortSignal): Promise<OciReply> {
    for (let attempt = 0; ; attempt++) {
      // An idle session is taken synchronously, so its load counts before the next caller looks.
      const got = this.#acquire();
      const session = got instanceof OciTcpSession ? got : await untilAborted(got, signal, this.o.name);
      try {
        const reply = await session.request(commands, signal);
        // The server no longer honours this socket's admin login: drop it, log in anew, retry once.
        if (attempt === 0 && isAdminSessionReply(reply) && !signal.aborted) {
          this.o.logger.warn(
            { connector: this.o.name, event: 'oci-admin-session-refused' },
            'broadworks-oci: admin session refused a request; logging in again',
          );
          session.close();
          continue;
        }
        return reply;
      } catch (e) {
        if (e instanceof SessionDeadError && e.retryable && attempt === 0 && !signal.aborted) continue;
        throw e;
      }
    }
  }

  async ready(signal: AbortSignal): Promise<void> {
    await untilAborted(Promise.resolve(this.#acquire()), signal, this.o.name);
  }

  /**
   * Ends every session: idle ones politely with `LogoutRequest` (reason `Client Logout`, §4.4;
   * whether the server answers before closing is unconfirmed, so at most 500 ms are spent), then
   * every socket is closed. Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const entries = this.#entries.splice(0);
    const logout = command('LogoutRequest', [
      ['userId', this.o.adminUserId],
      ['reason', 'Client Logout'],
    ]);
    await Promise.allSettled(
      entries.map(async (e) => {
        const s = e.session;
        if (s?.alive && s.load === 0) await s.request([logout], AbortSignal.timeout(500)).catch(() => undefined);
        s?.close();
      }),
    );
    await Promise.allSettled(entries.map((e) => e.opening.then((s) => s.close())));
  }

  /** Live sessions right now (tests). */
  get size(): number {
    return this.#entries.filter((e) => !e.session || e.session.alive).length;
  }

  #acquire(): OciTcpSession | Promise<OciTcpSession> {
    if (this.#closed) return Promise.reject(new UpstreamError('unavailable', `${this.o.name}: connector closed`));
    this.#entries = this.#entries.filter((e) => !e.session || e.session.alive);
    const live = this.#entries.filter((e): e is Entry & { session: OciTcpSession } => e.session !== undefined);
    const idle = live.find((e) => e.session.load === 0);
    if (idle) return idle.session;
    if (this.#entries.length < this.o.poolSize) return this.#open();
    const opening = this.#entries.find((e) => !e.session);
    if (opening && live.every((e) => e.session.load > 0)) return opening.opening;
    const least = live.reduce((a, b) => (b.session.load < a.session.load ? b : a));
    return least.session;
  }

  /** The idle probe (see the header): any reply keeps the session; no reply in time has killed it. */
  #probe(session: OciTcpSession): void {
    const started = Date.now();
    const probe = command('SystemSoftwareVersionGetRequest', []);
    session.request([probe], AbortSignal.timeout(Math.min(this.o.timeoutMs, 3000))).then(
      (reply) =>
        this.o.logger.debug(
          {
            connector: this.o.name,
            event: 'oci-idle-probe',
            ms: Date.now() - started,
            type: reply.commands[0]?.type ?? '',
          },
          'broadworks-oci: idle probe answered',
        ),
      (e: unknown) =>
        this.o.logger.warn(
          { connector: this.o.name, event: 'oci-idle-probe-failed', ms: Date.now() - started },
          `broadworks-oci: idle probe got no answer (${(e as Error).message.slice(0, 120)}); session dropped`,
        ),
    );
  }

  #open(): Promise<OciTcpSession> {
    const entry: Entry = { opening: undefined as unknown as Promise<OciTcpSession> };
    entry.opening = (async () => {
      const socket = await connectSocket({
        name: this.o.name,
        host: this.o.host,
        port: this.o.port,
        tls: this.o.tls,
        connectTimeoutMs: this.o.connectTimeoutMs,
      });
      const session = new OciTcpSession(socket, {
        name: this.o.name,
        encoding: this.o.encoding,
        maxResponseBytes: this.o.maxResponseBytes,
        ...(this.o.idleProbeMs !== false ? { idleMs: this.o.idleProbeMs, onIdle: (s) => this.#probe(s) } : {}),
        onDeath: (reason) => {
          if (reason === 'closed-by-us') return;
          const entry = { connector: this.o.name, event: 'oci-session-ended', reason };
          if (reason === 'forced-logout')
            this.o.logger.warn(entry, 'broadworks-oci: server pushed LogoutRequest; will log in again');
          else this.o.logger.info(entry, `broadworks-oci: admin session ended (${reason})`);
        },
      });
      try {
        const signal = AbortSignal.timeout(this.o.timeoutMs);
        await adminLogin(this.o.name, (cmds) => session.request(cmds, signal), this.o);
      } catch (e) {
        session.close();
        throw e;
      }
      this.logins++;
      this.o.logger.debug(
        { connector: this.o.name, event: 'oci-login', logins: this.logins },
        'broadworks-oci: admin session logged in',
      );
      if (this.#closed) session.close();
      entry.session = session;
      return session;
    })();
    this.#entries.push(entry);
    entry.opening.catch(() => {
      this.#entries = this.#entries.filter((e) => e !== entry);
    });
    return entry.opening;
  }
}
