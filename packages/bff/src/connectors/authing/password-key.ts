/**
 * Password encryption (docs/protocols/authing.md §3, client pitfall 3): RSA PKCS#1 v1.5 under the tenant's key,
 * standard base64. The key comes from config, else from one `GET /api/v2/.well-known`, cached
 * for the connector's life (a failed fetch is not cached). `forget()` drops a fetched key so a
 * rotated key is picked up after the server says it cannot decrypt (2016).
 */
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { UpstreamError } from '../connector.js';
import { AUTHING_TYPE } from './api.js';
import type { AuthingApi } from './api.js';

export class PasswordKey {
  private readonly configured: KeyObject | undefined;
  private fetched: Promise<KeyObject> | undefined;

  constructor(
    private readonly api: AuthingApi,
    pem: string | undefined,
  ) {
    // A bad configured PEM fails at start-up, not at the first sign-in.
    this.configured = pem === undefined ? undefined : createPublicKey(pem);
  }

  get fromConfig(): boolean {
    return this.configured !== undefined;
  }

  async encrypt(plain: string, signal: AbortSignal): Promise<string> {
    const key = await this.key(signal);
    return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plain, 'utf8')).toString('base64');
  }

  /** Fetches (or re-uses) the key; also what ready() calls. */
  key(signal: AbortSignal): Promise<KeyObject> {
    if (this.configured) return Promise.resolve(this.configured);
    this.fetched ??= this.fetch(signal);
    const pending = this.fetched;
    pending.catch(() => {
      if (this.fetched === pending) this.fetched = undefined;
    });
    return pending;
  }

  forget(): void {
    this.fetched = undefined;
  }

  private async fetch(signal: AbortSignal): Promise<KeyObject> {
    const data = await this.api.rest('GET', '/api/v2/.well-known', { signal }).catch((err: unknown) => {
      if (err instanceof UpstreamError) throw err;
      throw new UpstreamError('bad_response', `${AUTHING_TYPE}: .well-known refused (${(err as Error).message})`);
    });
    const pem = (data as { publicKey?: unknown } | undefined)?.publicKey;
    if (typeof pem !== 'string')
      throw new UpstreamError('bad_response', `${AUTHING_TYPE}: .well-known has no publicKey`);
    try {
      return createPublicKey(pem);
    } catch {
      throw new UpstreamError('bad_response', `${AUTHING_TYPE}: .well-known publicKey is not a PEM public key`);
    }
  }
}
