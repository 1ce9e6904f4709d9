import type { BffConfig, Session, AuthUser } from './types.js';

/** One way to pass the second step of a sign-in (`401 mfa_required` → `mfa.methods`). */
export interface MfaMethod {
  type: 'totp' | 'sms' | 'email';
  /** Where a code goes (sms, email), masked by the BFF: `+86 138****0001`, `a***@example.com`. */
  target?: string;
}

/** What the BFF says of a sign-in after the user: `password_expires` in `days` (≤ 0: expired). */
export interface Notice {
  code: string;
  days?: number;
}

/** An error answer of the BFF, as received (not checked: `message` is only ever shown as text). */
export interface ErrorBody {
  error?: { code?: unknown; message?: string };
  mfa?: { methods?: MfaMethod[] };
}

/**
 * A failed BFF call. `code` is the BFF's machine code (docs/architecture.md error body
 * `{"error":{"code","message"}}`), or `network_error` when no answer arrived.
 * The BFF's own `message` is English-only, so the widget shows its localised text instead (the
 * BFF's `message` only when the widget's English messages could not load).
 */
export class BffError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    /** Seconds from `Retry-After` (429), when the header is readable. */
    readonly retryAfter?: number,
    /** The answer's body: `error.message` (English), and `mfa.methods` with `mfa_required`. */
    readonly body?: ErrorBody,
  ) {
    super(code);
    this.name = 'BffError';
  }
}

const retryAfterSeconds = (value: string | null): number | undefined => {
  if (!value) return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
  const at = Date.parse(value); // the HTTP-date form of Retry-After (RFC 9110 §10.2.3)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
};

/**
 * The BFF's HTTP API (docs/architecture.md). Every call sends the session cookie
 * (`credentials: 'include'`, so a BFF on another origin listed in `allowedOrigins` works too),
 * and every POST carries `X-CSRF: 1`, which the BFF demands of state-changing requests.
 */
export class BffClient {
  constructor(readonly endpoint: string) {}

  url(path: string): string {
    return this.endpoint.replace(/\/+$/, '') + path;
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: object, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method === 'POST') Object.assign(headers, { 'Content-Type': 'application/json', 'X-CSRF': '1' });
    let res: Response;
    try {
      res = await fetch(this.url(path), {
        method,
        headers,
        credentials: 'include',
        cache: 'no-store',
        body: method === 'POST' ? JSON.stringify(body ?? {}) : null,
        signal: signal ?? null,
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new BffError('network_error', 0);
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (!res.ok) {
      const body = data as ErrorBody | undefined;
      const code = body?.error?.code;
      throw new BffError(
        typeof code === 'string' ? code : 'internal_error',
        res.status,
        retryAfterSeconds(res.headers.get('Retry-After')),
        body,
      );
    }
    return data as T;
  }

  config(signal?: AbortSignal): Promise<BffConfig> {
    return this.request('GET', '/config', undefined, signal);
  }

  session(signal?: AbortSignal): Promise<Session> {
    return this.request('GET', '/session', undefined, signal);
  }

  /** A sign-in: POST /password, /phone, /otp, /token or /mfa → `{user, notices?}`. */
  signIn(path: string, body: object, signal?: AbortSignal): Promise<{ user: AuthUser; notices?: Notice[] }> {
    return this.request('POST', path, body, signal);
  }

  /** POST /phone/code, /otp/code or /mfa/code → 202 `{resendAfterSeconds}`. */
  sendCode(path: string, body: object, signal?: AbortSignal): Promise<{ resendAfterSeconds?: number } | undefined> {
    return this.request('POST', path, body, signal);
  }

  logout(): Promise<void> {
    return this.request('POST', '/logout', {});
  }
}
