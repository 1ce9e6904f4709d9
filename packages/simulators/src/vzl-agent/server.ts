/**
 * A Virtuozzo agent (VZL 4.0.0 XML API) stand-in over TCP or TLS, following docs/protocols/vzl-agent.md §8:
 * greeting on accept, NUL-framed packets both ways, only system/get_realm before system/login,
 * routing by `<target>` (absent = system) and by the element under `<data>`, replies that echo the
 * request id with `origin`, a stable per-connection `target`, `priority="0"`, the request's
 * `version` and a `time`, pretty-printed, then `\n\0`.
 */
import net from 'node:net';
import tls from 'node:tls';
import { randomBytes, randomUUID } from 'node:crypto';
import type { RecordedCall, RunningSimulator, SimulatorOptions } from '../types.js';
import { vzlDemoAccounts, type VzlAccount } from './accounts.js';
import { NulSplitter, decodeB64, parseRequest, type VzlRequest } from './request.js';
import { VZL_ERR, authenticateOk, errorReply, greeting, loginOk, realmsReply, type ReplyHeader } from './replies.js';
import type { PrefixStyle } from './render.js';

export const VZL_SCENARIOS = [
  'ok', // replies shaped like the guide samples: login ns1:packet, authenticate mixed, get_realm plain
  'unprefixed', // every reply without prefixes
  'prefixed', // every reply ns-prefixed (root too), the nsN mapping rotating per reply
  'wrong-password', // every authenticate fails with the auth error
  'locked', // every authenticate fails with the disabled-account error
  'slow', // authenticate replies delayed by `delayMs`
  'garbage', // authenticate answered with non-XML bytes + NUL
  'drop-mid-reply', // half an authenticate reply, then the socket is destroyed
  'hangup', // the socket is destroyed on an authenticate request, no byte of reply
  'session-lost', // authenticate answered as if system/login never happened (error under data/system)
  'split-writes', // every packet written in many small pieces
  'coalesced', // replies held briefly and flushed several to one write
  'reordered', // replies held briefly and sent in reverse order (ids must match them up)
  'agent-ids', // replies carry agent-generated ids, not the request's (docs/protocols/vzl-agent.md pitfall 6)
  'greeting-error', // the greeting carries an <error>, then the agent closes
  'no-greeting', // accepts, never greets
] as const;
export type VzlScenario = (typeof VZL_SCENARIOS)[number];

export interface VzlSimulatorOptions extends SimulatorOptions<VzlAccount> {
  /** TLS from the first byte (the agent's port 4434, §2). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Delay of the `slow` scenario (default 1500 ms). */
  delayMs?: number;
  /**
   * Whether replies echo the request's packet `id` (default true, what the schema says). `false`:
   * every reply carries an agent-generated id, as in the guide's sample output (pitfall 6) — the
   * same as scenario `agent-ids`, but independent of the scenario, so fault scenarios can run
   * under both.
   */
  echoIds?: boolean;
}

export interface RunningVzlSimulator extends RunningSimulator {
  /** Connections accepted so far (a reconnect shows as +1). */
  readonly connectionsAccepted: number;
  /** Destroys every open client socket (the agent restarting / a network cut). */
  dropConnections(): void;
}

interface Conn {
  socket: net.Socket;
  target: string;
  loggedIn: boolean;
  writes: Promise<void>;
  held: Buffer[];
  holdTimer?: NodeJS.Timeout;
}

export async function startVzlSimulator(opts: VzlSimulatorOptions = {}): Promise<RunningVzlSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const accounts = opts.accounts ?? vzlDemoAccounts;
  const delayMs = opts.delayMs ?? 1500;
  const echoIds = opts.echoIds ?? true;
  let scenario = checkScenario(opts.scenario ?? 'ok');
  const calls: RecordedCall[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let clientNo = 0;
  let replyNo = 0;
  let accepted = 0;
  let closed = false;

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const send = (c: Conn, bytes: Buffer): void => {
    if (c.socket.destroyed) return;
    if (scenario === 'split-writes') {
      // Pieces of 1..7 bytes, each its own write on a later tick, so the client sees many segments.
      c.writes = c.writes.then(async () => {
        for (let i = 0, k = 0; i < bytes.length; k++) {
          const size = (k % 7) + 1;
          if (c.socket.destroyed) return;
          c.socket.write(bytes.subarray(i, i + size));
          i += size;
          await new Promise((r) => setImmediate(r));
        }
      });
    } else if (scenario === 'coalesced' || scenario === 'reordered') {
      const reorder = scenario === 'reordered';
      c.held.push(bytes);
      c.holdTimer ??= setTimeout(() => {
        c.holdTimer = undefined;
        const held = c.held.splice(0);
        if (c.socket.destroyed) return;
        if (reorder) for (const b of held.reverse()) c.socket.write(b);
        else c.socket.write(Buffer.concat(held));
      }, 30);
    } else {
      c.socket.write(bytes);
    }
  };

  const header = (c: Conn, req: VzlRequest, style: PrefixStyle): ReplyHeader => {
    replyNo++;
    const agentId = `${randomBytes(5).toString('hex')}t${replyNo.toString(16)}r${randomBytes(2).toString('hex')}`;
    const id = !echoIds || scenario === 'agent-ids' || req.id === undefined ? agentId : req.id;
    if (scenario === 'unprefixed') style = 'plain';
    if (scenario === 'prefixed') style = 'prefixed';
    return { id, version: req.version, target: c.target, style, rotate: scenario === 'prefixed' ? replyNo : 0 };
  };

  const record = (kind: string, req?: VzlRequest): void => {
    const p = req?.params ?? {};
    const name = decodeB64(p['name']);
    let summary = req?.id !== undefined ? `id=${req.id}` : 'id=(none)';
    if (name !== undefined) summary += ` name=${JSON.stringify(name)}`;
    const domain = decodeB64(p['domain']);
    if (domain !== undefined) summary += ` domain=${JSON.stringify(domain)}`;
    if (p['realm'] !== undefined) summary += ` realm=${p['realm']}`;
    if (p['password'] !== undefined) summary += ' password=[redacted]';
    calls.push({ kind, at: Date.now(), summary });
  };

  const findAccount = (req: VzlRequest): VzlAccount | 'bad' | undefined => {
    const name = decodeB64(req.params['name']);
    const password = decodeB64(req.params['password']);
    const realm = req.params['realm'];
    if (name === undefined || password === undefined || realm === undefined) return 'bad';
    const acct = accounts.find((a) => a.identifier === name && a.realm.toLowerCase() === realm.toLowerCase());
    if (acct?.domain !== undefined && decodeB64(req.params['domain'])?.toLowerCase() !== acct.domain.toLowerCase())
      return undefined;
    return acct && acct.secret === password ? acct : undefined;
  };

  const authenticate = (c: Conn, req: VzlRequest): void => {
    const h = header(c, req, 'mixed');
    if (scenario === 'hangup') return void c.socket.destroy();
    if (scenario === 'garbage')
      return send(c, Buffer.from('\u00ff\u00feHTTP/1.0 500 <<not a packet>>\r\n\0', 'latin1'));
    const found = findAccount(req);
    let reply: Buffer;
    if (found === 'bad') reply = errorReply(h, 'authm', VZL_ERR.badRequest, 'Invalid parameters');
    else if (scenario === 'wrong-password' || !found)
      reply = errorReply(h, 'authm', VZL_ERR.authFailed, 'Authentication failed');
    else if (scenario === 'locked' || found.locked)
      reply = errorReply(h, 'authm', VZL_ERR.accountDisabled, 'Account is disabled');
    else reply = authenticateOk(h, found.identifier, found.privileges ?? []);
    if (scenario === 'drop-mid-reply') {
      c.socket.write(reply.subarray(0, Math.floor(reply.length / 2)), () => c.socket.destroy());
      return;
    }
    if (scenario === 'slow') return later(delayMs, () => send(c, reply));
    send(c, reply);
  };

  const handle = (c: Conn, frame: Buffer): void => {
    let req: VzlRequest;
    try {
      req = parseRequest(frame.toString('utf8'));
    } catch {
      calls.push({ kind: 'malformed', at: Date.now() });
      const h = header(
        c,
        { id: undefined, version: '4.0.0', target: undefined, operator: 'system', call: '', params: {} },
        'mixed',
      );
      return send(c, errorReply(h, 'system', VZL_ERR.badRequest, 'Bad request'));
    }
    const kind = `${req.operator}/${req.call}`;
    record(kind, req);
    const op = req.operator === 'authm' || req.operator === 'sessionm' ? req.operator : 'system';
    // `system` must have no <target>; every other operator names itself in <target> (pitfall 3).
    const routed = req.operator === 'system' ? req.target === undefined : req.target === req.operator;
    if (!routed) return send(c, errorReply(header(c, req, 'mixed'), op, VZL_ERR.unknownCall, 'Unknown target'));
    if (kind === 'system/get_realm') return send(c, realmsReply(header(c, req, 'plain')));
    if (kind === 'system/login') {
      const found = findAccount(req);
      if (found && found !== 'bad' && !found.locked) {
        c.loggedIn = true;
        return send(c, loginOk(header(c, req, 'prefixed'), found.identifier));
      }
      return send(c, errorReply(header(c, req, 'prefixed'), 'system', VZL_ERR.authFailed, 'Authentication failed'));
    }
    if (scenario === 'session-lost') c.loggedIn = false;
    // Only system/get_realm is allowed before system/login (§1, §8).
    if (!c.loggedIn)
      return send(c, errorReply(header(c, req, 'mixed'), 'system', VZL_ERR.notLoggedIn, 'Not logged in'));
    if (kind === 'authm/authenticate') return authenticate(c, req);
    send(c, errorReply(header(c, req, 'mixed'), op, VZL_ERR.unknownCall, 'Unknown call'));
  };

  const onSocket = (socket: net.Socket): void => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const c: Conn = {
      socket,
      target: `vzclient${++clientNo}-${randomUUID()}`,
      loggedIn: false,
      writes: Promise.resolve(),
      held: [],
    };
    socket.on('close', () => c.holdTimer && clearTimeout(c.holdTimer));
    const splitter = new NulSplitter();
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = splitter.push(chunk);
      } catch {
        return socket.destroy();
      }
      for (const f of frames) if (f.toString('utf8').trim() !== '') handle(c, f);
    });
    if (scenario === 'no-greeting') return;
    if (scenario === 'greeting-error') {
      socket.end(greeting(c.target, { code: VZL_ERR.badRequest, message: 'Service is not available' }));
      return;
    }
    send(c, greeting(c.target));
  };

  const server = opts.tls
    ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onSocket)
    : net.createServer(onSocket);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    name: 'vzl-agent',
    host,
    port,
    url: `${opts.tls ? 'tls' : 'tcp'}://${host}:${port}`,
    calls,
    outbox: [],
    get connectionsAccepted() {
      return accepted;
    },
    setScenario(name: string) {
      scenario = checkScenario(name);
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function checkScenario(name: string): VzlScenario {
  if (!(VZL_SCENARIOS as readonly string[]).includes(name)) {
    throw new Error(`unknown vzl-agent scenario "${name}" (known: ${VZL_SCENARIOS.join(', ')})`);
  }
  return name as VzlScenario;
}
