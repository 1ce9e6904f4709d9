/** Shared set-up for the broadworks-oci tests (not shipped: *.test-kit.ts is excluded from the build). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectorLogger } from '../connector.js';
import { broadworksOciConfigSchema } from './config.js';
import { createBroadworksOciConnector } from './connector.js';

export const logged: { level: string; obj: object; msg?: string }[] = [];
export const testLogger: ConnectorLogger = {
  debug: (obj, msg) => void logged.push({ level: 'debug', obj, ...(msg ? { msg } : {}) }),
  info: (obj, msg) => void logged.push({ level: 'info', obj, ...(msg ? { msg } : {}) }),
  warn: (obj, msg) => void logged.push({ level: 'warn', obj, ...(msg ? { msg } : {}) }),
  error: (obj, msg) => void logged.push({ level: 'error', obj, ...(msg ? { msg } : {}) }),
};

export const ADMIN = { adminUserId: 'admin@example.com', adminPassword: 'adminSecret' };

/** A connector over TCP to `port`, config as a user would write it (then validated). */
export function tcpConnector(port: number, extra: Record<string, unknown> = {}) {
  const config = broadworksOciConfigSchema.parse({
    type: 'broadworks-oci',
    transport: 'tcp',
    host: '127.0.0.1',
    port,
    ...ADMIN,
    ...extra,
  });
  return createBroadworksOciConnector(config, { logger: testLogger }) as ReturnType<
    typeof createBroadworksOciConnector
  > & {
    transport: { logins: number; size?: number };
  };
}

export function soapConnector(url: string, extra: Record<string, unknown> = {}) {
  const config = broadworksOciConfigSchema.parse({
    type: 'broadworks-oci',
    transport: 'soap',
    url,
    ...ADMIN,
    ...extra,
  });
  return createBroadworksOciConnector(config, { logger: testLogger }) as ReturnType<
    typeof createBroadworksOciConnector
  > & {
    transport: { logins: number };
  };
}

export const ctx = (ms = 5000) => ({ signal: AbortSignal.timeout(ms) });

/** A throw-away self-signed certificate for localhost / 127.0.0.1 (openssl CLI). */
export function selfSignedCert(cn = 'localhost'): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bw-cert-'));
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
        `/CN=${cn}`,
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
