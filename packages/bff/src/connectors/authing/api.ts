/**
 * The two Authing v2 transports on one host (docs/protocols/authing.md §1, §4): GraphQL at `POST /graphql/v2`
 * and REST under `/api/v2`. Business errors come back as HTTP 200 — `errors[0].message.code` on
 * GraphQL, a non-200 `code` on REST — and surface here as `AuthingCodeError` for the connector to
 * map. Anything else unexpected (non-2xx, non-JSON, a string error message) is an UpstreamError.
 */
import { UpstreamError } from '../connector.js';
import type { HttpClient, HttpResponse } from '../shared/http.js';
import type { AuthingConfig } from './config.js';

export const AUTHING_TYPE = 'authing';

/** An Authing business code (docs/protocols/authing.md §7). The text goes to the audit log only. */
export class AuthingCodeError extends Error {
  /** The error's `data` (1635: the mfaToken): not enumerable, so no serialiser logs it. */
  declare readonly data: unknown;
  constructor(
    readonly code: number,
    readonly upstreamMessage: string,
    data?: unknown,
  ) {
    super(`authing code ${code}`);
    this.name = 'AuthingCodeError';
    Object.defineProperty(this, 'data', { value: data, enumerable: false });
  }
}

export interface CallOptions {
  signal: AbortSignal;
  /** `Authorization: Bearer <id_token>`; only on calls that need the user (docs/protocols/authing.md §8 pitfall 5). */
  token?: string;
  /** Upstream cookies tied to a captcha (docs/protocols/authing.md §7). Never the browser's cookies. */
  cookie?: string;
}

export class AuthingApi {
  constructor(
    private readonly http: HttpClient,
    private readonly config: AuthingConfig,
  ) {}

  /** The JS SDK's header set (docs/protocols/authing.md §2), minus Authorization unless a token is given. */
  private headers(o: CallOptions): Record<string, string> {
    const h: Record<string, string> = {
      accept: 'application/json, text/plain, */*',
      'x-authing-app-id': this.config.appId,
      'x-authing-request-from': 'sdk',
      'x-authing-sdk-version': 'js:4.21.8',
      'x-authing-lang': this.config.lang,
    };
    if (this.config.userPoolId) h['x-authing-userpool-id'] = this.config.userPoolId;
    if (o.token) h.authorization = `Bearer ${o.token}`;
    if (o.cookie) h.cookie = o.cookie;
    return h;
  }

  /** Runs one GraphQL document and returns `data[field]`, an object. */
  async graphql(
    field: string,
    query: string,
    variables: Record<string, unknown>,
    o: CallOptions,
  ): Promise<Record<string, unknown>> {
    const res = await this.http.request({
      method: 'POST',
      path: '/graphql/v2',
      json: { query, variables },
      headers: this.headers(o),
      signal: o.signal,
    });
    const body = expectObject(res, `graphql ${field}`);
    const errors = body.errors;
    if (Array.isArray(errors) && errors.length > 0) {
      // Branch on errors[0].message.code, never on extensions.code (docs/protocols/authing.md §8 pitfall 1).
      const message = (errors[0] as { message?: unknown } | null)?.message;
      if (message && typeof message === 'object' && typeof (message as { code?: unknown }).code === 'number') {
        const m = message as { code: number; message?: unknown; data?: unknown };
        throw new AuthingCodeError(m.code, typeof m.message === 'string' ? m.message : '', m.data);
      }
      throw new UpstreamError('bad_response', `${AUTHING_TYPE}: graphql ${field} failed without an Authing code`);
    }
    const data = body.data as Record<string, unknown> | null | undefined;
    const value = data && typeof data === 'object' ? data[field] : undefined;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new UpstreamError('bad_response', `${AUTHING_TYPE}: graphql ${field} answered without data`);
    }
    return value as Record<string, unknown>;
  }

  /** A REST call; returns the envelope's `data` (possibly undefined: sms/send has none, §8 pitfall 7). */
  async rest(method: 'GET' | 'POST', path: string, o: CallOptions & { json?: unknown }): Promise<unknown> {
    const res = await this.http.request({
      method,
      path,
      headers: this.headers(o),
      signal: o.signal,
      ...(o.json !== undefined ? { json: o.json } : {}),
    });
    const body = expectObject(res, `${method} ${path.split('?')[0]}`);
    // Success is code 200 (the JS SDK also accepts statusCode 200; docs/protocols/authing.md §4).
    if (body.code === 200 || body.statusCode === 200) return body.data;
    if (typeof body.code === 'number')
      throw new AuthingCodeError(body.code, typeof body.message === 'string' ? body.message : '', body.data);
    throw new UpstreamError('bad_response', `${AUTHING_TYPE}: ${method} ${path.split('?')[0]} answered without a code`);
  }

  /** `GET /api/v2/security/captcha?r=<ts>`: the image plus the cookies that bind it (docs/protocols/authing.md §7). */
  async captcha(signal: AbortSignal): Promise<{ contentType: string; body: Uint8Array; cookie?: string }> {
    const res = await this.http.request<Uint8Array>({
      method: 'GET',
      path: `/api/v2/security/captcha?r=${Date.now()}`,
      headers: this.headers({ signal }),
      expect: 'bytes',
      signal,
    });
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (res.status !== 200 || !/^image\/(png|jpeg|gif|webp|svg\+xml)$/.test(type) || res.body.length === 0) {
      throw new UpstreamError(
        'bad_response',
        `${AUTHING_TYPE}: captcha answered HTTP ${res.status} ${type || 'without a content type'}`,
      );
    }
    const cookie = cookiePairs(res.headers['set-cookie']);
    return { contentType: type, body: res.body, ...(cookie ? { cookie } : {}) };
  }
}

function expectObject(res: HttpResponse, what: string): Record<string, unknown> {
  // The SDKs are written for HTTP 200 only; any other status is not a business answer (docs/protocols/authing.md §4).
  if (res.status !== 200)
    throw new UpstreamError('bad_response', `${AUTHING_TYPE}: ${what} answered HTTP ${res.status}`);
  const body = res.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new UpstreamError('bad_response', `${AUTHING_TYPE}: ${what} answered a non-object`);
  }
  return body as Record<string, unknown>;
}

/** `Set-Cookie` values → a `Cookie` header (`name=value; name2=value2`), attributes dropped. */
function cookiePairs(setCookie: string | string[] | undefined): string | undefined {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const pairs = list.map((c) => c.split(';')[0]!.trim()).filter((p) => /^[^=\s;]+=[^;\r\n]*$/.test(p));
  return pairs.length ? pairs.join('; ') : undefined;
}
