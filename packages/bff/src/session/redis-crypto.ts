/**
 * Encryption of session values at rest in Redis (docs/security.md §1.7 "Redis values are encrypted, or
 * hold no secrets"; T17 "Redis values contain no upstream credentials in plaintext").
 *
 * AES-256-GCM with a key derived by HKDF-SHA256 from each `session.secrets` entry. The newest
 * secret encrypts; every configured secret decrypts, so the signing-key rotation of the cookie
 * also rotates the at-rest key (a session written under a removed secret no longer decrypts and
 * is treated as absent: signed out). The Redis key is bound as additional authenticated data, so
 * a value copied under another key does not decrypt.
 *
 * Blob: base64url( iv[12] | tag[16] | ciphertext ).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const SALT = 'auth-login/redis-session';
const INFO = 'aes-256-gcm v1';

export class SessionCipher {
  private readonly keys: Buffer[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('SessionCipher needs at least one secret');
    this.keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32)));
  }

  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!, iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The plaintext, or undefined when no configured key opens it (tampered, or a retired key). */
  decrypt(blob: string, aad: string): string | undefined {
    const raw = Buffer.from(blob, 'base64url');
    if (raw.length < 28) return undefined;
    const iv = raw.subarray(0, 12);
    const tag = raw.subarray(12, 28);
    const body = raw.subarray(28);
    for (const key of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(aad));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // wrong key (or tampered): try the next one
      }
    }
    return undefined;
  }
}
