/**
 * Where sessions live: server-side only; the cookie holds nothing but a signed opaque id.
 * Memory is the default (memory-store.ts); a Redis store implements the same five lines.
 * Keep it small: koa-session is adapted to it in session/koa-adapter.ts.
 */
import type { AuthUser, ChallengeMethod, ConnectorState } from '../connectors/connector.js';

/** A flow in progress (pre-auth): what a code send or a captcha left for the next call. */
export interface PendingFlow {
  connector: string;
  /** The destination/identifier the flow is bound to (a code for X is not accepted for Y). */
  subject?: string;
  state?: ConnectorState;
  captcha?: { contentType: string; base64: string };
  /**
   * A pending second step (flows.mfa): what the challenge offered, the first step's method, and
   * when the step ends (ms since the epoch). `state` holds the upstream's step token.
   */
  challenge?: { methods: ChallengeMethod[]; firstMethod: string; expiresAt: number };
}

/** What a session holds (JSON-serialisable). koa-session adds its own `_expire`/`_maxAge`. */
export interface SessionRecord {
  createdAt: number;
  lastSeen: number;
  user?: AuthUser;
  /** The sign-in method id (methods.ts). */
  method?: string;
  connector?: string;
  /** Upstream tokens (VerifySuccess.upstream): server-side only, handed back to logout(). */
  upstream?: ConnectorState;
  /** VerifySuccess.expiresAt: the session ends when the upstream credential does (C-07). */
  upstreamExpiresAt?: number;
  /** By method id. */
  flows?: Partial<Record<string, PendingFlow>>;
  [key: string]: unknown;
}

export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  /**
   * Stores `record` for `ttlMs`. With `mustExist`, writes only if `id` is still stored (Redis
   * `SET … XX`): a request that was in flight while the session was destroyed must not bring
   * it back (docs/security.md T06c). Resolves whether it wrote.
   */
  set(id: string, record: SessionRecord, ttlMs: number, options?: { mustExist?: boolean }): Promise<boolean>;
  destroy(id: string): Promise<void>;
  /** Destroys every session of a user (docs/security.md C-06). Optional for stores without an index. */
  revokeUser?(userId: string): Promise<number>;
  close?(): Promise<void>;
  /** For GET /readyz: resolves when the store can serve (Redis answers PING); absent = always ready. */
  ready?(): Promise<void>;
}
