import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../connector.js';
import { CertificatePinError, DelimiterFramer, connectSocket, fingerprint256Schema } from './tcp.js';

const END = '</BroadsoftDocument>';
const doc = (s: string): string => `<?xml version="1.0"?><BroadsoftDocument>${s}${END}`;

describe('DelimiterFramer', () => {
  it('reassembles a document fed one byte at a time, never splitting on newlines', () => {
    const f = new DelimiterFramer(END, 1024);
    const text = `<?xml version="1.0"?>\n<BroadsoftDocument>a\nb${END}\n`;
    const out: Buffer[] = [];
    for (const b of Buffer.from(text)) out.push(...f.push(Buffer.from([b])));
    expect(out.map(String)).toEqual([`<?xml version="1.0"?>\n<BroadsoftDocument>a\nb${END}`]);
    expect(f.pending).toBe(0);
  });

  it('splits coalesced documents and drops whitespace between them', () => {
    const f = new DelimiterFramer(END, 1024);
    const frames = f.push(Buffer.from(`${doc('1')}\r\n${doc('2')}${doc('3')}\n  <?xml`));
    expect(frames.map(String)).toEqual([doc('1'), doc('2'), doc('3')]);
    expect(f.pending).toBe(5);
  });

  it('keeps a multi-byte character split across chunks intact', () => {
    const f = new DelimiterFramer(END, 1024);
    const bytes = Buffer.from(doc('Zoë'), 'utf8');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(f.push(bytes.subarray(0, cut))).toEqual([]);
    expect(f.push(bytes.subarray(cut)).map((b) => b.toString('utf8'))).toEqual([doc('Zoë')]);
  });

  it('refuses a frame past the size cap', () => {
    const f = new DelimiterFramer(END, 64);
    expect(() => f.push(Buffer.alloc(100, 0x61))).toThrow(RangeError);
  });
});

describe('connectSocket', () => {
  it('refused → unavailable; aborted → timeout', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const refused = await connectSocket({ name: 't', host: '127.0.0.1', port, connectTimeoutMs: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(UpstreamError);
    expect((refused as UpstreamError).kind).toBe('unavailable');
    const aborted = await connectSocket({
      name: 't',
      host: '127.0.0.1',
      port,
      connectTimeoutMs: 1000,
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e);
    expect((aborted as UpstreamError).kind).toBe('timeout');
  });

  it('connects to a listening server', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const socket = await connectSocket({
      name: 't',
      host: '127.0.0.1',
      port: (server.address() as net.AddressInfo).port,
      connectTimeoutMs: 1000,
    });
    expect(socket.remoteAddress).toBe('127.0.0.1');
    socket.destroy();
    await new Promise((r) => server.close(r));
  });
});

describe('connectSocket with a pinned certificate (fingerprint256)', () => {
  it('accepts the pinned self-signed certificate without a CA, refuses any other with CertificatePinError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pin-'));
    try {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat([
          '-subj',
          '/CN=pin.test',
          '-keyout',
          join(dir, 'k.pem'),
          '-out',
          join(dir, 'c.pem'),
        ]),
        { stdio: 'ignore' },
      );
      const cert = readFileSync(join(dir, 'c.pem'));
      const server = tls.createServer({ key: readFileSync(join(dir, 'k.pem')), cert }, (s) => s.on('error', () => {}));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as net.AddressInfo).port;
      const pin = fingerprint256Schema.parse(new X509Certificate(cert).fingerprint256.replace(/:/g, '').toLowerCase());
      const ok = await connectSocket({
        name: 't',
        host: '127.0.0.1',
        port,
        tls: { fingerprint256: pin },
        connectTimeoutMs: 1000,
      });
      expect((ok as tls.TLSSocket).getPeerCertificate().fingerprint256).toBe(pin);
      ok.destroy();
      const other = `${pin.startsWith('00') ? '11' : '00'}${pin.slice(2)}`;
      const e = await connectSocket({
        name: 't',
        host: '127.0.0.1',
        port,
        tls: { fingerprint256: other },
        connectTimeoutMs: 1000,
      }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(CertificatePinError);
      expect((e as CertificatePinError).kind).toBe('unavailable');
      expect((e as CertificatePinError).presented).toBe(pin);
      // Without a pin the same self-signed certificate is refused by the chain check.
      const plain = await connectSocket({ name: 't', host: '127.0.0.1', port, tls: {}, connectTimeoutMs: 1000 }).catch(
        (err: unknown) => err,
      );
      expect((plain as UpstreamError).kind).toBe('unavailable');
      await new Promise((r) => server.close(r));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
