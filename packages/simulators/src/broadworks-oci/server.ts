/**
 * The BroadWorks OCI-P simulator: a plain TCP (2208-like) or TLS (2209-like) listener that sends
 * no greeting, frames requests by `</BroadsoftDocument>` (never by line), and answers through the
 * per-connection state machine with byte-exact one-line documents (docs/protocols/broadworks-oci.md §2.1, §8).
 * Optionally also serves the SOAP transport (soap.ts) over HTTP on a second port.
 */
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import type { RecordedCall, RunningSimulator, SimulatorOptions } from '../types.js';
import { defaultBroadworksAccounts, type BroadworksAccount } from './accounts.js';
import { OciSessionState } from './session.js';
import { startSoapEndpoint, type SoapEndpoint } from './soap.js';
import { GARBAGE_REPLY, responseDocument, type DocumentOptions } from './wire.js';
import { decodeDocument, declaredEncoding, parseXml, type XmlEncoding } from '@auth-login/xml';

export const BROADWORKS_SCENARIOS = [
  'ok',
  'wrong-password',
  'locked',
  'slow',
  'garbage',
  'drop-mid-reply',
  'split-writes',
  'coalesced',
  'forced-logout',
  'error-with-code',
  'admin-session-expired',
  'admin-unauthorized',
] as const;

export interface BroadworksSimulatorOptions extends SimulatorOptions<BroadworksAccount> {
  /** TLS key + certificate (PEM): the listener then speaks TLS from the first byte, like port 2209. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Reply delay of the `slow` scenario (default 1500 ms). */
  slowMs?: number;
  /** Reply encoding after login: ISO-8859-1 (default, as in every capture), UTF-8, or mirror the request. */
  postLoginEncoding?: XmlEncoding | 'mirror';
  /** Fault injection on every reply. */
  newlineAfterDeclaration?: boolean;
  omitTrailingNewline?: boolean;
  /** Also serve SOAP (`POST /webservice/services/ProvisioningService`); default true. */
  soap?: boolean;
  /** Port of the SOAP endpoint (default 0 = any free port). */
  soapPort?: number;
  /**
   * How SOAP reports a request on an HTTP session whose admin login the server dropped
   * (scenario `admin-session-expired`; unconfirmed which a real XSP does): `fault` (default, the
   * captured "Cannot process any request before user is logged in." fault) or `oci-error`
   * (an OCI `[Error 5404] Unauthorized transaction.` inside a normal reply).
   */
  soapSessionExpiry?: 'fault' | 'oci-error';
  /**
   * Name of a load balancer's sticky cookie (e.g. `BIGipServerXSP`) set with JSESSIONID on the
   * first SOAP response. A request without it "lands on another XSP", which does not know the
   * JSESSIONID: the login is gone.
   */
  stickyCookie?: string;
  /**
   * A NAT or firewall between client and server: once a TCP connection has carried no byte either
   * way for this many ms it is silently dropped — every later byte is swallowed, nothing is
   * answered and no FIN or RST is sent (the client's socket looks open). Off by default.
   */
  blackholeIdleMs?: number;
}

export interface BroadworksSimulator extends RunningSimulator {
  /** `http://host:port/webservice/services/ProvisioningService` when SOAP is on. */
  readonly soapUrl: string | undefined;
  /**
   * Pushes `LogoutRequest` (reason `Open Client Server Forced Logout`) to every logged-in TCP
   * connection and closes it — now, or appended to the next reply in the same write.
   * Returns how many connections were affected.
   */
  forceLogout(options?: { withNextReply?: boolean }): number;
  /** Number of TCP connections currently open. */
  readonly connections: number;
}

const TERMINATOR = Buffer.from('</BroadsoftDocument>');
const MAX_PENDING = 1024 * 1024;

interface Conn {
  socket: net.Socket;
  state: OciSessionState;
  sessionId: string;
  pushAfterNextReply: boolean;
  blackholed: boolean;
}

export async function startBroadworksSimulator(opts: BroadworksSimulatorOptions = {}): Promise<BroadworksSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const accounts = opts.accounts ?? defaultBroadworksAccounts;
  let scenario = opts.scenario ?? 'ok';
  let forcedLogoutArmed = scenario === 'forced-logout';
  let expiryArmed = scenario === 'admin-session-expired';
  const calls: RecordedCall[] = [];
  const conns = new Set<Conn>();
  // `slow` delays are tracked so close() can clear them (no timer outlives the simulator).
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((r) => {
      const t = setTimeout(() => {
        timers.delete(t);
        r();
      }, ms);
      timers.add(t);
    });
  const docOpts = (encoding: XmlEncoding): DocumentOptions => ({
    encoding,
    newlineAfterDeclaration: opts.newlineAfterDeclaration ?? false,
    omitTrailingNewline: opts.omitTrailingNewline ?? false,
  });
  const env = {
    accounts: () => accounts,
    scenario: () => scenario,
    record: (c: RecordedCall) => calls.push(c),
    consumeExpiry: () => {
      const armed = expiryArmed;
      expiryArmed = false;
      return armed;
    },
  };

  async function write(socket: net.Socket, bytes: Buffer): Promise<void> {
    if (socket.destroyed) return;
    if (scenario !== 'split-writes') {
      socket.write(bytes);
      return;
    }
    // One byte per write, yielding in between so each goes out as its own segment.
    for (const b of bytes) {
      if (socket.destroyed) return;
      socket.write(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Handles every complete document of one received chunk; returns the bytes to send. */
  async function answer(conn: Conn, frame: Buffer, out: Buffer[]): Promise<'continue' | 'stop'> {
    const requestEncoding: XmlEncoding = declaredEncoding(frame) === 'ISO-8859-1' ? 'ISO-8859-1' : 'UTF-8';
    let handled;
    try {
      const doc = parseXml(decodeDocument(frame));
      const loggedIn = conn.state.loggedInAs !== undefined;
      if (loggedIn && scenario === 'forced-logout' && forcedLogoutArmed) {
        // One-shot: the awaited reply never comes; the push does, then the socket closes.
        forcedLogoutArmed = false;
        calls.push({ kind: 'LogoutRequest(pushed)', at: Date.now(), summary: 'Open Client Server Forced Logout' });
        out.push(responseDocument(conn.sessionId, [conn.state.logoutPush()], docOpts('ISO-8859-1')));
        return 'stop';
      }
      handled = conn.state.handle(doc, requestEncoding);
      conn.sessionId = handled.sessionId;
    } catch {
      // Not a document we can read: answer like a server that gives up on the connection.
      calls.push({ kind: 'unparseable', at: Date.now() });
      return 'stop';
    }
    if (scenario === 'slow') await sleep(opts.slowMs ?? 1500);
    let bytes = responseDocument(handled.sessionId, handled.commands, docOpts(handled.encoding));
    if (handled.verify && scenario === 'garbage') bytes = GARBAGE_REPLY;
    if (handled.verify && scenario === 'drop-mid-reply') {
      out.push(bytes.subarray(0, Math.floor(bytes.length / 2)));
      return 'stop';
    }
    out.push(bytes);
    if (conn.pushAfterNextReply && conn.state.loggedInAs) {
      calls.push({ kind: 'LogoutRequest(pushed)', at: Date.now(), summary: 'Open Client Server Forced Logout' });
      out.push(responseDocument(conn.sessionId, [conn.state.logoutPush()], docOpts('ISO-8859-1')));
      return 'stop';
    }
    return handled.close ? 'stop' : 'continue';
  }

  function onConnection(socket: net.Socket): void {
    socket.setNoDelay(true);
    const conn: Conn = {
      socket,
      state: new OciSessionState(env, opts.postLoginEncoding ?? 'ISO-8859-1'),
      sessionId: '',
      pushAfterNextReply: false,
      blackholed: false,
    };
    conns.add(conn);
    if (opts.blackholeIdleMs !== undefined) {
      // socket.setTimeout measures inactivity in both directions, which is what a NAT table's idle timer does.
      socket.setTimeout(opts.blackholeIdleMs, () => {
        conn.blackholed = true;
        socket.setTimeout(0);
        calls.push({ kind: 'blackholed', at: Date.now(), summary: `idle ${opts.blackholeIdleMs} ms` });
      });
    }
    let pending = Buffer.alloc(0);
    let chain = Promise.resolve();
    socket.on('error', () => socket.destroy());
    socket.on('close', () => conns.delete(conn));
    socket.on('data', (chunk: Buffer) => {
      if (conn.blackholed) {
        calls.push({ kind: 'swallowed', at: Date.now(), summary: `${chunk.length} bytes` });
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const frames: Buffer[] = [];
      for (let i = pending.indexOf(TERMINATOR); i >= 0; i = pending.indexOf(TERMINATOR)) {
        const frame = pending.subarray(0, i + TERMINATOR.length);
        pending = pending.subarray(i + TERMINATOR.length);
        // Whitespace between documents belongs to nothing (§2.1): trim before `<?xml`.
        frames.push(Buffer.from(frame.toString('latin1').replace(/^\s+/, ''), 'latin1'));
      }
      if (pending.length > MAX_PENDING) socket.destroy();
      if (frames.length === 0) return;
      chain = chain.then(async () => {
        const out: Buffer[] = [];
        let verdict: 'continue' | 'stop' = 'continue';
        for (const frame of frames) {
          if (scenario === 'coalesced') {
            verdict = await answer(conn, frame, out);
          } else {
            const one: Buffer[] = [];
            verdict = await answer(conn, frame, one);
            for (const b of one) await write(socket, b);
          }
          if (verdict === 'stop') break;
        }
        // `coalesced`: every reply to the documents of one received chunk goes out in ONE write.
        if (out.length > 0) await write(socket, Buffer.concat(out));
        if (verdict === 'stop') {
          if (scenario === 'drop-mid-reply') socket.destroy();
          else socket.end();
        }
      });
    });
  }

  const server = opts.tls
    ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onConnection)
    : net.createServer(onConnection);
  server.listen(opts.port ?? 0, host);
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;

  let soap: SoapEndpoint | undefined;
  if (opts.soap !== false)
    soap = await startSoapEndpoint({
      host,
      port: opts.soapPort ?? 0,
      env,
      postLoginEncoding: opts.postLoginEncoding ?? 'ISO-8859-1',
      ...(opts.slowMs !== undefined ? { slowMs: opts.slowMs } : {}),
      sessionExpiry: opts.soapSessionExpiry ?? 'fault',
      ...(opts.stickyCookie !== undefined ? { stickyCookie: opts.stickyCookie } : {}),
    });

  let closed: Promise<void> | undefined;
  return {
    name: 'broadworks-oci',
    host,
    port,
    url: `${opts.tls ? 'tls' : 'tcp'}://${host}:${port}`,
    soapUrl: soap?.url,
    calls,
    outbox: [],
    get connections() {
      return conns.size;
    },
    setScenario(name: string) {
      if (!(BROADWORKS_SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario ${name}`);
      scenario = name;
      forcedLogoutArmed = name === 'forced-logout';
      expiryArmed = name === 'admin-session-expired';
    },
    forceLogout(o = {}) {
      let n = 0;
      for (const c of conns) {
        if (!c.state.loggedInAs) continue;
        n++;
        if (o.withNextReply) c.pushAfterNextReply = true;
        else {
          calls.push({ kind: 'LogoutRequest(pushed)', at: Date.now(), summary: 'Open Client Server Forced Logout' });
          c.socket.end(responseDocument(c.sessionId, [c.state.logoutPush()], docOpts('ISO-8859-1')));
        }
      }
      return n;
    },
    close() {
      closed ??= (async () => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const c of conns) c.socket.destroy();
        await new Promise<void>((r) => server.close(() => r()));
        await soap?.close();
      })();
      return closed;
    },
  };
}
