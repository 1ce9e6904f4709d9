/**
 * The server-side state of one send → check flow (docs/protocols/openiam.md client pitfalls 2-3; docs/security.md T11).
 *
 * OpenIAM's check call carries only a code and a moving factor and identifies nobody, and whether
 * it expires or burns codes is unconfirmed. So the BFF binds the factor to the destination it sent
 * to, in this flow's session state, and enforces expiry, an attempt limit and single use itself.
 * The ledger below, in the shared store, also refuses a replay of a stale copy of the state and two
 * concurrent checks of the same flow (only one may be in flight), across every BFF instance.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectorState, ConnectorStore } from '../connector.js';

export interface CodeFlowState extends ConnectorState {
  v: 1;
  /** Random id of this flow (one send). */
  flow: string;
  channel: 'email' | 'sms';
  /** Normalised email (lower case) or E.164 phone the code went to. */
  destination: string;
  /** The upstream handle, as the string the check call sends; null = nothing was delivered. */
  movingFactor: string | null;
  expiresAt: number;
  attempts: number;
  /** OpenIAM's user id for the destination, when the send answer named one. */
  userId?: string;
}

export function newFlowState(
  channel: 'email' | 'sms',
  destination: string,
  movingFactor: string | null,
  ttlMs: number,
): CodeFlowState {
  return { v: 1, flow: randomUUID(), channel, destination, movingFactor, expiresAt: Date.now() + ttlMs, attempts: 0 };
}

export function readFlowState(state: ConnectorState | undefined, channel: 'email' | 'sms'): CodeFlowState | null {
  if (!state || state.v !== 1 || state.channel !== channel) return null;
  const ok =
    typeof state.flow === 'string' &&
    typeof state.destination === 'string' &&
    (state.movingFactor === null || typeof state.movingFactor === 'string') &&
    typeof state.expiresAt === 'number' &&
    typeof state.attempts === 'number' &&
    (state.userId === undefined || typeof state.userId === 'string');
  return ok ? (state as CodeFlowState) : null;
}

/** One claimed check of a flow (FlowLedger.begin), to settle with succeed / fail / release. */
export interface FlowEntry {
  flow: string;
  /** Attempts counted so far, this one included. */
  attempts: number;
  expiresAt: number;
}

/**
 * Attempts, single use and one-check-at-a-time per flow, in the deployment's shared store
 * (connector.ts `ConnectorStore`: Redis when `session.store` is Redis), so N BFF instances allow
 * the same number of attempts as one. Keys: `flow:<id>:n` (attempts, an atomic counter),
 * `flow:<id>:used`, `flow:<id>:busy` (the check in flight; it expires with the call's deadline so a
 * crashed instance cannot hold a flow for ever). All expire a minute after the code does.
 */
export class FlowLedger {
  constructor(
    private readonly store: ConnectorStore,
    /** Longest a check may stay in flight (the connector's timeout plus slack). */
    private readonly busyMs: number,
  ) {}

  /** Claims the flow for one check, counting the attempt; null when used, being checked, or out of attempts. */
  async begin(state: CodeFlowState, maxAttempts: number): Promise<FlowEntry | null> {
    const key = `flow:${state.flow}`;
    const ttl = Math.max(1, state.expiresAt - Date.now()) + 60_000;
    if (state.attempts >= maxAttempts || (await this.store.get(`${key}:used`)) !== undefined) return null;
    if (!(await this.store.setIfAbsent(`${key}:busy`, '1', this.busyMs))) return null;
    const attempts = await this.store.incr(`${key}:n`, ttl);
    if (attempts > maxAttempts) {
      await this.store.incr(`${key}:n`, ttl, -1);
      await this.store.delete(`${key}:busy`);
      return null;
    }
    return { flow: state.flow, attempts, expiresAt: state.expiresAt };
  }

  async succeed(entry: FlowEntry): Promise<void> {
    const key = `flow:${entry.flow}`;
    await this.store.set(`${key}:used`, '1', Math.max(1, entry.expiresAt - Date.now()) + 60_000);
    await this.store.delete(`${key}:busy`);
  }

  /** A wrong code: the attempt stays counted; returns the attempt count. */
  async fail(entry: FlowEntry): Promise<number> {
    await this.store.delete(`flow:${entry.flow}:busy`);
    return entry.attempts;
  }

  /** The check failed for a reason that is not the person's (upstream down): the attempt is given back. */
  async release(entry: FlowEntry): Promise<void> {
    const key = `flow:${entry.flow}`;
    await this.store.incr(`${key}:n`, Math.max(1, entry.expiresAt - Date.now()) + 60_000, -1);
    await this.store.delete(`${key}:busy`);
  }
}
