/**
 * A deliberately raw OCI-P client for the simulator's own tests: it writes bytes exactly as
 * given and collects what comes back per `data` event, so tests can assert framing and bytes.
 */
import net from 'node:net';
import tls from 'node:tls';
import { signedPassword } from './wire.js';

const END = '</BroadsoftDocument>';

export function ociRequest(sessionId: string, command: string, encoding = 'ISO-8859-1'): string {
  return (
    `<?xml version="1.0" encoding="${encoding}"?>\n` +
    `<BroadsoftDocument protocol="OCI" xmlns="C" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<sessionId xmlns="">${sessionId}</sessionId>${command}</BroadsoftDocument>`
  );
}

export function cmd(type: string, inner: string): string {
  return `<command xmlns="" xsi:type="${type}">${inner}</command>`;
}

export class RawClient {
  readonly chunks: Buffer[] = [];
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (c: Buffer) => {
      this.chunks.push(c);
      this.buf = Buffer.concat([this.buf, c]);
      this.waiters.splice(0).forEach((w) => w());
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((w) => w());
    });
    socket.on('error', () => undefined);
  }

  static async connect(port: number, opts: { tls?: { ca: string } } = {}): Promise<RawClient> {
    const socket = opts.tls
      ? tls.connect({ host: '127.0.0.1', port, ca: opts.tls.ca, servername: 'localhost' })
      : net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once(opts.tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  send(text: string | Buffer): void {
    this.socket.write(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  }

  /** Resolves with the raw bytes of the next complete document (through the trailing `\n` if present). */
  async next(timeoutMs = 3000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.buf.indexOf(END);
      if (i >= 0) {
        let end = i + END.length;
        if (this.buf[end] === 0x0a) end++;
        const doc = this.buf.subarray(0, end);
        this.buf = this.buf.subarray(end);
        return doc;
      }
      if (this.closed) throw new Error(`closed; pending ${this.buf.length} bytes`);
      if (Date.now() > deadline) throw new Error('timeout waiting for a document');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  get pendingBytes(): number {
    return this.buf.length;
  }

  /** AuthenticationRequest + signed LoginRequest14sp4 as the admin. */
  async login(sessionId = 'S1', userId = 'admin@example.com', password = 'adminSecret'): Promise<string> {
    this.send(ociRequest(sessionId, cmd('AuthenticationRequest', `<userId>${userId}</userId>`)));
    const auth = (await this.next()).toString('latin1');
    const nonce = /<nonce>(\d+)<\/nonce>/.exec(auth)?.[1] ?? '';
    this.send(
      ociRequest(
        sessionId,
        cmd(
          'LoginRequest14sp4',
          `<userId>${userId}</userId><signedPassword>${signedPassword(nonce, password)}</signedPassword>`,
        ),
      ),
    );
    return (await this.next()).toString('latin1');
  }

  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A throw-away self-signed certificate for `localhost` / 127.0.0.1 (openssl CLI). */
export async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
