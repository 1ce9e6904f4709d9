/**
 * One TCP/TLS connection to the agent carrying the permanent service session (docs/protocols/vzl-agent.md §1,
 * §4): connect, read and check the greeting (pitfall 2), `system/login` as the service account,
 * then any number of requests whose replies are matched by packet id.
 *
 * Id matching (§3.1, pitfall 6): the schema says replies echo the request id, but guide outputs
 * show agent-generated ids. So a connection starts with ONE request in flight (replies matched by
 * order) and pipelines (up to `maxInFlight`) only once echoing is proven on it: a reply carrying
 * exactly the id of the request in flight. Ids start at a random 9-digit number per connection,
 * so an agent numbering its own packets cannot match one by chance. If a reply later matches
 * nothing, the connection drops back to one at a time, and if that reply cannot be attributed
 * with certainty every pending request fails (a wrong attribution could sign the wrong person
 * in). Timed-out ids are remembered so their late replies are dropped, not mistaken for someone
 * else's; without proven echo a timeout closes the connection instead.
 */
import { randomInt } from 'node:crypto';
import type net from 'node:net';
import { UpstreamError, type ConnectorLogger } from '../connector.js';
import { connectSocket, DelimiterFramer } from '../shared/tcp.js';
import { loginPacket, parseReply, type VzlReply } from './packets.js';

export interface VzlConnectionOptions {
  host: string;
  port: number;
  tls: boolean;
  ca?: string | Buffer;
  servername?: string;
  rejectUnauthorized: boolean;
  serviceUser: string;
  servicePassword: string;
  serviceRealm: string;
  connectTimeoutMs: number;
  maxInFlight: number;
  /** An earlier connection saw the agent not echo ids: never try to prove it again. */
  serial: boolean;
  /** The optional `domain` of the service account's `auth_nameType` (§5.1). */
  serviceDomain?: string;
  /** SHA-256 fingerprint the agent's certificate must have (shared/tcp.ts). */
  fingerprint256?: string;
  logger: ConnectorLogger;
}

/** The request got no byte of reply before the socket closed: safe to retry once elsewhere. */
export class ClosedBeforeReplyError extends UpstreamError {
  constructor() {
    super('unavailable', 'vzl-agent: connection closed before the reply');
  }
}

interface Pending {
  resolve(r: VzlReply): void;
  reject(e: Error): void;
  rxAtSend: number;
}

const MAX_ABANDONED = 256;

export class VzlConnection {
  readonly #o: VzlConnectionOptions;
  readonly #socket: net.Socket;
  /** NUL framing (docs/protocols/vzl-agent.md §2.1, pitfall 1): never newlines, never one read per packet. */
  readonly #framer = new DelimiterFramer('\0', 256 * 1024, { keepDelimiter: false });
  readonly #pending = new Map<string, Pending>();
  readonly #abandoned = new Set<string>();
  readonly #waiters: (() => void)[] = [];
  readonly #closeListeners: (() => void)[] = [];
  #greeting?: { resolve(): void; reject(e: Error): void };
  readonly #greeted: Promise<void>;
  #rx = 0;
  #nextId = randomInt(100_000_000, 999_999_999);
  #inFlight = 0;
  #closed = false;
  /**
   * Whether replies echo request ids on this connection: `unknown` until the first reply to a
   * request, `yes` once one came back with exactly its id (pipelining allowed), `no` once one did
   * not (strictly one at a time from then on).
   */
  echo: 'unknown' | 'yes' | 'no';

  private constructor(o: VzlConnectionOptions, socket: net.Socket) {
    this.#o = o;
    this.echo = o.serial ? 'no' : 'unknown';
    // Armed before the data listener, so a greeting coalesced with the connect is never missed.
    this.#greeted = new Promise<void>((resolve, reject) => (this.#greeting = { resolve, reject }));
    this.#greeted.catch(() => undefined);
    this.#socket = socket;
    this.#socket.setNoDelay(true);
    // The session lives as long as the socket (§1); keepalive notices a peer that vanished while idle.
    this.#socket.setKeepAlive(true, 30_000);
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#socket.on('error', () => this.#socket.destroy());
    this.#socket.on('close', () => this.#onClose());
  }

  /** Connects (shared/tcp.ts), reads the greeting and logs the service account in, all within `connectTimeoutMs`. */
  static async open(o: VzlConnectionOptions): Promise<VzlConnection> {
    const deadline = AbortSignal.timeout(o.connectTimeoutMs);
    const socket = await connectSocket({
      name: 'vzl-agent',
      host: o.host,
      port: o.port,
      tls: o.tls
        ? {
            ...(o.ca ? { ca: o.ca } : {}),
            ...(o.servername ? { servername: o.servername } : {}),
            rejectUnauthorized: o.rejectUnauthorized,
            ...(o.fingerprint256 ? { fingerprint256: o.fingerprint256 } : {}),
          }
        : false,
      connectTimeoutMs: o.connectTimeoutMs,
      signal: deadline,
    });
    const conn = new VzlConnection(o, socket);
    try {
      await withSignal(
        conn.#establish(deadline),
        deadline,
        () => new UpstreamError('timeout', 'vzl-agent: connect, greeting or service login timed out'),
      );
      return conn;
    } catch (e) {
      conn.close();
      throw e;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  onClose(fn: () => void): void {
    if (this.#closed) fn();
    else this.#closeListeners.push(fn);
  }

  async #establish(deadline: AbortSignal): Promise<void> {
    // The agent speaks first; its greeting is read and discarded unless it carries an error (§2.2).
    await this.#greeted;
    const reply = await this.request(
      (id) =>
        loginPacket(id, this.#o.serviceUser, this.#o.servicePassword, this.#o.serviceRealm, this.#o.serviceDomain),
      deadline,
    );
    if (reply.errors.length > 0) {
      throw new UpstreamError(
        'bad_response',
        `vzl-agent: service login refused (code ${reply.errors[0]!.code.slice(0, 20)})`,
      );
    }
    if (reply.token?.operator !== 'system')
      throw new UpstreamError('bad_response', 'vzl-agent: service login reply has no token');
    this.#o.logger.debug(
      { echoesIds: this.echo === 'yes', maxInFlight: this.#limit() },
      'vzl-agent: service session open',
    );
  }

  /** Sends the packet `build(id)` and resolves with the reply matched to it. */
  async request(build: (id: string) => Buffer, signal: AbortSignal): Promise<VzlReply> {
    await this.#acquire(signal);
    try {
      if (this.#closed) throw new ClosedBeforeReplyError();
      const id = String(this.#nextId++);
      const reply = new Promise<VzlReply>((resolve, reject) =>
        this.#pending.set(id, { resolve, reject, rxAtSend: this.#rx }),
      );
      reply.catch(() => undefined); // settled via withSignal; avoid an unhandled rejection after abort
      this.#socket.write(build(id));
      return await withSignal(reply, signal, () => {
        this.#pending.delete(id);
        if (this.echo === 'yes') {
          this.#abandoned.add(id);
          if (this.#abandoned.size > MAX_ABANDONED) this.#abandoned.delete(this.#abandoned.values().next().value!);
        } else {
          this.close(); // a late reply could not be told apart from the next one's
        }
        return new UpstreamError('timeout', 'vzl-agent: no reply in time');
      });
    } finally {
      this.#release();
    }
  }

  close(): void {
    this.#socket.destroy();
  }

  async #acquire(signal: AbortSignal): Promise<void> {
    while (!this.#closed && this.#inFlight >= this.#limit()) {
      let wake!: () => void;
      const turn = new Promise<void>((resolve) => (wake = resolve));
      this.#waiters.push(wake);
      await withSignal(turn, signal, () => {
        this.#waiters.splice(this.#waiters.indexOf(wake), 1);
        return new UpstreamError('timeout', 'vzl-agent: no free request slot in time');
      });
    }
    this.#inFlight++;
  }

  #limit(): number {
    return this.echo === 'yes' ? this.#o.maxInFlight : 1;
  }

  #release(): void {
    this.#inFlight--;
    this.#waiters.shift()?.();
  }

  #onData(chunk: Buffer): void {
    this.#rx += chunk.length;
    let frames: Buffer[];
    try {
      frames = this.#framer.push(chunk);
    } catch {
      return this.#breakWith(new UpstreamError('bad_response', 'vzl-agent: reply exceeds the size cap'));
    }
    for (const frame of frames) {
      if (this.#closed) return;
      this.#dispatch(frame);
    }
  }

  #dispatch(frame: Buffer): void {
    let reply: VzlReply;
    try {
      reply = parseReply(frame);
    } catch {
      return this.#breakWith(new UpstreamError('bad_response', 'vzl-agent: unparseable packet'));
    }
    if (this.#greeting) {
      const g = this.#greeting;
      this.#greeting = undefined;
      if (reply.errors.length > 0)
        return g.reject(
          new UpstreamError('unavailable', `vzl-agent: greeting carries error ${reply.errors[0]!.code.slice(0, 20)}`),
        );
      return g.resolve();
    }
    const id = reply.id;
    const exact = id !== undefined ? this.#pending.get(id) : undefined;
    if (exact) {
      this.#pending.delete(id!);
      if (this.echo === 'unknown') {
        // Proven on this connection: the reply to the one request in flight carries its id.
        this.echo = 'yes';
        this.#o.logger.debug({ maxInFlight: this.#o.maxInFlight }, 'vzl-agent: agent echoes packet ids; pipelining');
        for (const w of this.#waiters.splice(0)) w(); // each re-checks the new limit
      }
      return exact.resolve(reply);
    }
    if (id !== undefined && this.#abandoned.delete(id)) return; // late reply to a timed-out request
    if (this.#pending.size === 0) {
      this.#o.logger.debug({}, 'vzl-agent: unsolicited packet ignored');
      return;
    }
    if (this.echo !== 'no')
      this.#o.logger.warn({}, 'vzl-agent: agent does not echo packet ids; one request at a time from now on');
    this.echo = 'no';
    if (this.#pending.size === 1) {
      const [onlyId, only] = this.#pending.entries().next().value!;
      this.#pending.delete(onlyId);
      return only.resolve(reply);
    }
    this.#breakWith(new UpstreamError('bad_response', 'vzl-agent: reply id matches no request'));
  }

  /** Fails every pending request with `err` and drops the connection (stream state unknown). */
  #breakWith(err: UpstreamError): void {
    this.#greeting?.reject(err);
    this.#greeting = undefined;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    this.close();
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#greeting?.reject(new UpstreamError('unavailable', 'vzl-agent: closed before the greeting'));
    for (const p of this.#pending.values()) {
      const untouched = this.#rx === p.rxAtSend && this.#framer.pending === 0;
      p.reject(
        untouched
          ? new ClosedBeforeReplyError()
          : new UpstreamError('bad_response', 'vzl-agent: connection dropped mid-reply'),
      );
    }
    this.#pending.clear();
    for (const w of this.#waiters.splice(0)) w();
    for (const fn of this.#closeListeners.splice(0)) fn();
  }
}

/** Races `p` against `signal`; on abort rejects with `onAbort()`'s error. */
export function withSignal<T>(p: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: Error) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}
