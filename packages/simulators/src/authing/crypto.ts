/**
 * The simulator's key material: an RSA key pair for password encryption (docs/protocols/authing.md §3) and an
 * HS256 secret for id_tokens (docs/protocols/authing.md §2: "a HS256 JWT valid 14 days"). Both are generated
 * per start, so nothing here is a fixed secret.
 */
import { constants, createHmac, generateKeyPairSync, privateDecrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export interface PasswordKeys {
  /** SPKI PEM, served at `/api/v2/.well-known`. */
  publicKeyPem: string;
  privateKey: KeyObject;
}

/** 1024 bits like Authing cloud's key (docs/protocols/authing.md §3: a 172-character base64 ciphertext). */
export function generatePasswordKeys(): PasswordKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

/**
 * Decrypts a PKCS#1 v1.5 (type 2) ciphertext in standard base64. Node 20.20 refuses
 * `RSA_PKCS1_PADDING` for privateDecrypt (CVE-2023-46809 hardening), so we decrypt raw and strip
 * `00 02 <8+ non-zero bytes> 00` ourselves (docs/protocols/authing.md §8, simulator pitfall 3).
 * Returns undefined for anything that is not a valid ciphertext (e.g. a plaintext password).
 */
export function decryptPassword(keys: PasswordKeys, b64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  const ct = Buffer.from(b64, 'base64');
  let block: Buffer;
  try {
    block = privateDecrypt({ key: keys.privateKey, padding: constants.RSA_NO_PADDING }, ct);
  } catch {
    return undefined;
  }
  if (block[0] !== 0x00 || block[1] !== 0x02) return undefined;
  const sep = block.indexOf(0x00, 2);
  if (sep < 10) return undefined;
  return block.subarray(sep + 1).toString('utf8');
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

/** HS256 JWT signer/verifier with a per-start secret. */
export class TokenSigner {
  private readonly secret = randomBytes(32);

  sign(payload: Record<string, unknown>): string {
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(payload));
    return `${head}.${body}.${this.mac(`${head}.${body}`)}`;
  }

  /** The payload when the signature holds (expiry is the caller's business), else undefined. */
  verify(token: string): Record<string, unknown> | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [head, body, sig] = parts as [string, string, string];
    const want = Buffer.from(this.mac(`${head}.${body}`));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
      return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }
}
