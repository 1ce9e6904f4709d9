/** TLS from the first byte (the agent's 4434, docs/protocols/vzl-agent.md §2) with a configurable CA. */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVzlSimulator, type RunningVzlSimulator } from '@auth-login/simulators';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../connector.js';
import { expectUpstreamError } from '../contract.test-kit.js';
import { recordingLogger, vzlConnectorFor } from './helpers.test-kit.js';

const GOOD = { identifier: 'webadmin', password: 'hosting-password1' };

describe('vzl-agent connector over TLS', () => {
  let dir: string;
  let caPath: string;
  let sim: RunningVzlSimulator;
  const connectors: Connector[] = [];
  const make = (o: Record<string, unknown>, logger = recordingLogger()) => {
    const c = vzlConnectorFor(sim, { tls: true, ...o }, logger);
    connectors.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vzl-tls-'));
    caPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=vzl.test',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:vzl.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        caPath,
      ],
      { stdio: 'ignore' },
    );
    sim = await startVzlSimulator({
      port: 0,
      tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(caPath) },
    });
  });
  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies against the configured CA, given as PEM text or as a file path', async () => {
    const pem = make({ ca: readFileSync(caPath, 'utf8') });
    expect((await pem.password!(GOOD, { signal: AbortSignal.timeout(3000) })).ok).toBe(true);
    const file = make({ ca: caPath, tlsServerName: 'vzl.test' });
    expect((await file.password!(GOOD, { signal: AbortSignal.timeout(3000) })).ok).toBe(true);
  });

  it('refuses an agent whose certificate the CA does not vouch for, or for another name → unavailable', async () => {
    await expectUpstreamError(make({}).password!(GOOD, { signal: AbortSignal.timeout(3000) }), 'unavailable', 2500);
    await expectUpstreamError(
      make({ ca: caPath, tlsServerName: 'other.test' }).ready({ signal: AbortSignal.timeout(3000) }),
      'unavailable',
      2500,
    );
  });

  describe('fingerprint256 (a pinned self-signed agent)', () => {
    const pinOf = () => new X509Certificate(readFileSync(caPath)).fingerprint256; // "AB:CD:…"
    const otherPin = () => pinOf().replace(/^../, (b) => (b === '00' ? '01' : '00'));

    it('the pinned certificate is accepted without a CA, in either spelling (AB:CD:… or abcd…)', async () => {
      const colons = make({ fingerprint256: pinOf() });
      expect((await colons.password!(GOOD, { signal: AbortSignal.timeout(3000) })).ok).toBe(true);
      const plain = make({ fingerprint256: pinOf().replace(/:/g, '').toLowerCase() });
      expect((await plain.password!(GOOD, { signal: AbortSignal.timeout(3000) })).ok).toBe(true);
    });

    it('another certificate is refused → unavailable, with a warn line naming both fingerprints', async () => {
      const logger = recordingLogger();
      const c = make({ fingerprint256: otherPin() }, logger);
      const calls = sim.calls.length;
      await expectUpstreamError(c.password!(GOOD, { signal: AbortSignal.timeout(3000) }), 'unavailable', 2500);
      expect(sim.calls.length).toBe(calls); // nothing sent: not even the service login
      const warn = logger.lines.find(
        (l) => (l as { obj: { event?: string } }).obj.event === 'vzl-tls-pin-mismatch',
      ) as { level: string; obj: { expected: string; presented: string }; msg: string };
      expect(warn.level).toBe('warn');
      expect(warn.obj).toEqual({ event: 'vzl-tls-pin-mismatch', expected: otherPin(), presented: pinOf() });
      expect(warn.msg).toContain('fingerprint256');
    });

    it('with a CA as well, both must pass: right pin + CA → ok; wrong pin + trusted CA → unavailable', async () => {
      const both = make({ ca: caPath, fingerprint256: pinOf() });
      expect((await both.password!(GOOD, { signal: AbortSignal.timeout(3000) })).ok).toBe(true);
      await expectUpstreamError(
        make({ ca: caPath, fingerprint256: otherPin() }).ready({ signal: AbortSignal.timeout(3000) }),
        'unavailable',
        2500,
      );
    });

    it('a malformed pin is a config error', () => {
      expect(() => make({ fingerprint256: 'AB:CD' })).toThrow(/SHA-256 fingerprint/);
    });
  });

  it('a plain-TCP client against the TLS port gets no greeting → timeout, not a hang', async () => {
    await expectUpstreamError(
      make({ tls: false, connectTimeout: '300ms' }).ready({ signal: AbortSignal.timeout(3000) }),
      'timeout',
      1500,
    );
  });
});
