/**
 * Throttling (docs/security.md A-01..A-05, B-06; docs/architecture.md `limits`; README "Throttling").
 *
 * Who is counted: the ACCOUNT is the connector's canonical subject (Connector.subjectOf: E.164
 * phones, the directory's case rules), so spellings of one identity share one bucket; the CLIENT
 * is the client IP grouped by `limits.ipv6Prefix` (client-ip.ts clientGroup), so a host rotating
 * through its /64 stays one client.
 *
 * Sign-ins, consumed BEFORE the upstream is called (a burst cannot slip past the count):
 * - `perAccount`: per account + client. Past `failures` in `window` that client is blocked from
 *   that account for `lock` (429 + Retry-After, nothing reaches the upstream). A stranger's wrong
 *   guesses lock the stranger, not the owner on another network.
 * - `accountCeiling`: per account, all clients together: past `failures` upstream checks in
 *   `window`, clients that have not signed in to that account within `rememberClient` are
 *   refused; a client that has (remembered per account + client, in the shared store) still gets
 *   through, within its own per account + client limit. This caps a distributed guess.
 * - `perIp`: per client, across accounts (spraying).
 * Before the lock, attempts after the second from one client are slowed by a growing delay.
 * A success clears the account + client counter and gives back the client and ceiling points.
 *
 * Code sends: per destination (canonical) and per client within `window`, plus a `resendAfter`
 * cooldown per destination.
 *
 * Never given back to the client: an attempt or a send counts from the moment the upstream may
 * have seen it, whatever happens after (the client disconnecting included: the call runs to its
 * end or its deadline server-side). `refund` gives back only what the BFF can prove never left
 * it (UpstreamError.notSent: circuit open, bulkhead full, connect refused).
 * Unknown and known accounts are counted alike, and refusals are decided before any account
 * lookup, so a refusal takes the same time for both.
 */
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { BffConfig } from '../config/schema.js';
import { AuthError } from '../errors.js';
import type { LimiterFactory } from './limiter-factory.js';
import { clientGroup } from './client-ip.js';

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

/**
 * The account key: the connector's canonical subject when it names one (Connector.subjectOf),
 * else the identifier NFKC-normalised, trimmed and lower-cased.
 */
export function accountKey(connector: string, subject: string): string {
  return `${connector}:${subject.normalize('NFKC').trim().toLowerCase()}`;
}

export interface SignInTicket {
  account?: string;
  /** The client as counted: the IP, IPv6 grouped by limits.ipv6Prefix. */
  client: string;
  delayMs: number;
}

const pair = (account: string, client: string) => `${account}|${client}`;

export function signInThrottle(limits: BffConfig['limits'], make: LimiterFactory, delayBaseMs = 250) {
  const perAccount = make({
    keyPrefix: 'signin:acct',
    points: limits.perAccount.failures,
    windowMs: limits.perAccount.window,
    blockMs: limits.perAccount.lock,
  });
  const ceiling = make({
    keyPrefix: 'signin:ceiling',
    points: limits.accountCeiling.failures,
    windowMs: limits.accountCeiling.window,
  });
  // Account + client pairs that signed in: a flag with a lifetime (points never run out).
  const known = make({
    keyPrefix: 'signin:known',
    points: 1_000_000,
    windowMs: limits.accountCeiling.rememberClient,
  });
  const perIp = make({
    keyPrefix: 'signin:ip',
    points: limits.perIp.failures,
    windowMs: limits.perIp.window,
    blockMs: limits.perIp.lock,
  });
  const group = (ip: string) => clientGroup(ip, limits.ipv6Prefix);

  return {
    /** Consumes one attempt (account + client, account ceiling, client), or throws RateLimited. */
    async begin(account: string | undefined, ip: string): Promise<SignInTicket> {
      const client = group(ip);
      let consumed = 0;
      const taken: Array<() => Promise<unknown>> = [];
      const giveBack = async () => {
        for (const undo of taken) await undo();
      };
      try {
        if (account !== undefined) {
          const key = pair(account, client);
          consumed = (await consume(perAccount, key)).consumedPoints;
          taken.push(() => perAccount.reward(key, 1));
          taken.push(() => ceiling.reward(account, 1));
          try {
            await consume(ceiling, account);
          } catch (error) {
            // Over the ceiling: only a client that signed in to this account lately goes on.
            if (!(error instanceof RateLimited)) throw error;
            const seen = await known.get(key);
            if (!seen || seen.consumedPoints <= 0) throw error;
          }
        }
        await consume(perIp, client);
      } catch (error) {
        await giveBack();
        throw error;
      }
      // Growing delay from the 3rd attempt in the window: base, 2×base, 4×base... capped at 8×.
      const delayMs = consumed >= 3 ? delayBaseMs * 2 ** Math.min(consumed - 3, 3) : 0;
      return { ...(account !== undefined ? { account } : {}), client, delayMs };
    },
    async succeeded(ticket: SignInTicket): Promise<void> {
      await perIp.reward(ticket.client, 1);
      if (ticket.account === undefined) return;
      const key = pair(ticket.account, ticket.client);
      await perAccount.delete(key);
      await ceiling.reward(ticket.account, 1);
      await known.delete(key);
      await known.consume(key, 1);
    },
    /** Only for a call that provably never left the BFF (UpstreamError.notSent). */
    async refund(ticket: SignInTicket): Promise<void> {
      await perIp.reward(ticket.client, 1);
      if (ticket.account === undefined) return;
      await perAccount.reward(pair(ticket.account, ticket.client), 1);
      await ceiling.reward(ticket.account, 1);
    },
  };
}

export function codeSendThrottle(limits: BffConfig['limits'], make: LimiterFactory) {
  const { perDestination, perIp, window, resendAfter } = limits.codeSend;
  const cooldown = make({ keyPrefix: 'code:cooldown', points: 1, windowMs: resendAfter });
  const byDestination = make({ keyPrefix: 'code:dest', points: perDestination, windowMs: window });
  const byIp = make({ keyPrefix: 'code:ip', points: perIp, windowMs: window });
  const group = (ip: string) => clientGroup(ip, limits.ipv6Prefix);

  return {
    resendAfterSeconds: Math.ceil(resendAfter / 1000),
    /** Consumes cooldown, destination and client points; a refusal gives back what was taken. */
    async begin(destination: string, ip: string): Promise<void> {
      const client = group(ip);
      await consume(cooldown, destination);
      try {
        await consume(byDestination, destination);
      } catch (error) {
        await cooldown.delete(destination);
        throw error;
      }
      try {
        await consume(byIp, client);
      } catch (error) {
        await cooldown.delete(destination);
        await byDestination.reward(destination, 1);
        throw error;
      }
    },
    /** Only for a send that provably never left the BFF (UpstreamError.notSent). */
    async refund(destination: string, ip: string): Promise<void> {
      await byIp.reward(group(ip), 1);
      await byDestination.reward(destination, 1);
      await cooldown.delete(destination);
    },
  };
}

export type SignInThrottle = ReturnType<typeof signInThrottle>;
export type CodeSendThrottle = ReturnType<typeof codeSendThrottle>;
