/**
 * Throttling (docs/security.md A-01..A-05, B-06; docs/architecture.md `limits`).
 *
 * Sign-ins: a point is consumed per account AND per client IP BEFORE the upstream is called
 * (so a burst cannot slip past the count); a success refunds the IP point and clears the
 * account counter; an upstream fault refunds both (a broken upstream must not lock people out).
 * Past `failures` in `window`, the key is blocked for `lock`: every attempt, the right password
 * included, gets 429 + Retry-After without reaching the upstream. Before that, attempts after
 * the second are slowed by a growing delay. Unknown and known accounts are counted alike.
 *
 * Code sends: per destination and per IP within `window`, plus a `resendAfter` cooldown per
 * destination.
 */
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { BffConfig } from '../config/schema.js';
import { AuthError } from '../errors.js';
import type { LimiterFactory } from './limiter-factory.js';

export class RateLimited extends AuthError {
  readonly retryAfterSeconds: number;
  constructor(msBeforeNext: number) {
    const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    super('rate_limited', { headers: { 'Retry-After': String(retryAfterSeconds) } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Turns a limiter refusal into RateLimited; store failures propagate (fail closed → 500/503). */
async function consume(
  limiter: { consume(key: string): Promise<RateLimiterRes> },
  key: string,
): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) throw new RateLimited(refusal.msBeforeNext);
    throw refusal;
  }
}

/** Accounts are counted case-insensitively, whatever the upstream does with case. */
export function accountKey(connector: string, identifier: string): string {
  return `${connector}:${identifier.normalize('NFKC').trim().toLowerCase()}`;
}

export interface SignInTicket {
  account?: string;
  ip: string;
  delayMs: number;
}

export function signInThrottle(limits: BffConfig['limits'], make: LimiterFactory, delayBaseMs = 250) {
  const perAccount = make({
    keyPrefix: 'signin:acct',
    points: limits.perAccount.failures,
    windowMs: limits.perAccount.window,
    blockMs: limits.perAccount.lock,
  });
  const perIp = make({
    keyPrefix: 'signin:ip',
    points: limits.perIp.failures,
    windowMs: limits.perIp.window,
    blockMs: limits.perIp.lock,
  });

  return {
    /** Consumes one attempt for the account (when there is one) and the IP, or throws RateLimited. */
    async begin(account: string | undefined, ip: string): Promise<SignInTicket> {
      let consumed = 0;
      if (account !== undefined) consumed = (await consume(perAccount, account)).consumedPoints;
      try {
        await consume(perIp, ip);
      } catch (error) {
        if (account !== undefined) await perAccount.reward(account, 1);
        throw error;
      }
      // Growing delay from the 3rd attempt in the window: base, 2×base, 4×base... capped at 8×.
      const delayMs = consumed >= 3 ? delayBaseMs * 2 ** Math.min(consumed - 3, 3) : 0;
      return { account, ip, delayMs };
    },
    async succeeded(ticket: SignInTicket): Promise<void> {
      await perIp.reward(ticket.ip, 1);
      if (ticket.account !== undefined) await perAccount.delete(ticket.account);
    },
    async refund(ticket: SignInTicket): Promise<void> {
      await perIp.reward(ticket.ip, 1);
      if (ticket.account !== undefined) await perAccount.reward(ticket.account, 1);
    },
  };
}

export function codeSendThrottle(limits: BffConfig['limits'], make: LimiterFactory) {
  const { perDestination, perIp, window, resendAfter } = limits.codeSend;
  const cooldown = make({ keyPrefix: 'code:cooldown', points: 1, windowMs: resendAfter });
  const byDestination = make({ keyPrefix: 'code:dest', points: perDestination, windowMs: window });
  const byIp = make({ keyPrefix: 'code:ip', points: perIp, windowMs: window });

  return {
    resendAfterSeconds: Math.ceil(resendAfter / 1000),
    /** Consumes cooldown, destination and IP points; a refusal gives back what was taken. */
    async begin(destination: string, ip: string): Promise<void> {
      await consume(cooldown, destination);
      try {
        await consume(byDestination, destination);
      } catch (error) {
        await cooldown.delete(destination);
        throw error;
      }
      try {
        await consume(byIp, ip);
      } catch (error) {
        await cooldown.delete(destination);
        await byDestination.reward(destination, 1);
        throw error;
      }
    },
    /** The upstream failed: the send did not happen, so it does not count. */
    async refund(destination: string, ip: string): Promise<void> {
      await byIp.reward(ip, 1);
      await byDestination.reward(destination, 1);
      await cooldown.delete(destination);
    },
  };
}

export type SignInThrottle = ReturnType<typeof signInThrottle>;
export type CodeSendThrottle = ReturnType<typeof codeSendThrottle>;
