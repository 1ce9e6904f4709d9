/**
 * Hostile upstreams for the fault suite (docs/security.md T15/T16), for the faults the simulators do
 * not implement: a raw TCP server speaking just enough OCI-P framing (it answers any document
 * ending in `</BroadsoftDocument>`) and a raw HTTP server, each with a switchable `mode`.
 * Every socket is tracked and destroyed on close(); streaming modes stop when the peer leaves.
 */
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';

export type TcpMode = 'hang' | 'drip' | 'reset' | 'huge' | 'bomb' | 'quadratic' | 'nested' | 'garbage';
export type HttpMode = 'hang' | 'drip' | 'reset' | 'huge' | 'nested' | '5xx' | 'non-json' | 'redirect';

export interface HostileServer<M extends string> {
  readonly port: number;
  readonly url: string;
  mode: M;
  /** Requests (TCP: documents) received. */
  readonly hits: number;
  close(): Promise<void>;
}

const TERMINATOR = '</BroadsoftDocument>';
const DOC_OPEN = '<?xml version="1.0" encoding="ISO-8859-1"?><BroadsoftDocument protocol="OCI" xmlns="C">';

/** Billion laughs: 10 levels × 10 references. */
function billionLaughs(): string {
  let dtd = '<!ENTITY l0 "lol">';
  for (let i = 1; i <= 9; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
  return `<?xml version="1.0"?><!DOCTYPE BroadsoftDocument [${dtd}]><BroadsoftDocument protocol="OCI"><sessionId>&l9;</sessionId>${TERMINATOR}`;
}

/** One 50 KB entity referenced 1,000 times (docs/security.md T15 "quadratic blow-up"). */
function quadratic(): string {
  return `<?xml version="1.0"?><!DOCTYPE BroadsoftDocument [<!ENTITY a "${'x'.repeat(50_000)}">]><BroadsoftDocument protocol="OCI"><sessionId>${'&a;'.repeat(1_000)}</sessionId>${TERMINATOR}`;
}

function nestedXml(depth: number): string {
  return `${DOC_OPEN}<command>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</command>${TERMINATOR}`;
}

/** Writes `chunk` until the peer goes away or `total` bytes are out, honouring backpressure. */
function stream(
  socket: { write(b: Buffer): boolean; once(e: 'drain', f: () => void): unknown; destroyed: boolean },
  chunk: Buffer,
  total: number,
): void {
  let sent = 0;
  const pump = () => {
    while (!socket.destroyed && sent < total) {
      sent += chunk.length;
      if (!socket.write(chunk)) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

function drip(socket: Socket | ServerResponse, text: string, everyMs = 100): void {
  let i = 0;
  const timer = setInterval(() => {
    const destroyed = 'destroyed' in socket ? socket.destroyed : false;
    if (destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.once('close', () => sockets.delete(s));
  });
  return sockets;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

export async function startHostileTcp(initial: TcpMode): Promise<HostileServer<TcpMode>> {
  let hits = 0;
  const state = { mode: initial };
  const server = createTcpServer((socket) => {
    let pending = '';
    socket.on('data', (data) => {
      pending += data.toString('latin1');
      while (pending.includes(TERMINATOR)) {
        pending = pending.slice(pending.indexOf(TERMINATOR) + TERMINATOR.length);
        hits += 1;
        reply(socket, state.mode);
      }
    });
  });
  const reply = (socket: Socket, mode: TcpMode) => {
    switch (mode) {
      case 'hang':
        return;
      case 'drip':
        return drip(socket, `${DOC_OPEN}<sessionId>${'z'.repeat(10_000)}</sessionId>${TERMINATOR}\n`);
      case 'reset':
        socket.write(`${DOC_OPEN}<sessionId>abc</sess`);
        return setTimeout(() => socket.resetAndDestroy(), 20);
      case 'huge':
        return stream(socket, Buffer.from('<a>'.repeat(21_845)), 64 * 1024 * 1024);
      case 'bomb':
        return void socket.write(billionLaughs());
      case 'quadratic':
        return void socket.write(quadratic());
      case 'nested':
        return void socket.write(nestedXml(100_000));
      case 'garbage':
        return void socket.write(
          Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x80]), Buffer.from(`\u0000<<>>${TERMINATOR}\n`)]),
        );
    }
  };
  const sockets = track(server);
  const port = await listen(server);
  return {
    port,
    url: `tcp://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(m: TcpMode) {
      state.mode = m;
    },
    get hits() {
      return hits;
    },
    close: closer(server, sockets),
  };
}

export async function startHostileHttp(initial: HttpMode): Promise<HostileServer<HttpMode>> {
  let hits = 0;
  const state = { mode: initial };
  const server = createHttpServer((req, res) => {
    hits += 1;
    req.resume();
    switch (state.mode) {
      case 'hang':
        return;
      case 'drip':
        res.writeHead(200, { 'content-type': 'application/json' });
        return drip(res, `{"x":"${'z'.repeat(10_000)}"}`);
      case 'reset':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"result":{"retu');
        return void setTimeout(() => req.socket.resetAndDestroy(), 20);
      case 'huge':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"x":"');
        return stream(res, Buffer.alloc(64 * 1024, 'a'), 64 * 1024 * 1024);
      case 'nested':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      case '5xx':
        res.writeHead(503, { 'content-type': 'text/html' });
        return void res.end('<html>Service Unavailable (upstream.internal:8443)</html>');
      case 'non-json':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<html><body>Login portal</body></html>');
      case 'redirect':
        res.writeHead(302, { location: 'http://127.0.0.9/steal' });
        return void res.end();
    }
  });
  const sockets = track(server);
  const port = await listen(server);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(m: HttpMode) {
      state.mode = m;
    },
    get hits() {
      return hits;
    },
    close: closer(server, sockets),
  };
}
