/**
 * The server-side state of one send → check flow (docs/protocols/openiam.md client pitfalls 2-3; docs/security.md T11).
 *
 * OpenIAM's check call carries only a code and a moving factor and identifies nobody, and whether
 * it expires or burns codes is unconfirmed. So the BFF binds the factor to the destination it sent
 * to, in this flow's session state, and enforces expiry, an attempt limit and single use itself.
 * The per-process ledger below also refuses a replay of a stale copy of the state and two
 * concurrent checks of the same flow (only one may be in flight).
 */
import { randomUUID } from 'node:crypto';
import type { ConnectorState } from '../connector.js';

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

export interface FlowEntry {
  attempts: number;
  status: 'open' | 'checking' | 'used';
  expiresAt: number;
}

export class FlowLedger {
  private readonly entries = new Map<string, FlowEntry>();

  /** Claims the flow for one check; null when it is used, being checked, or out of attempts. */
  begin(state: CodeFlowState, maxAttempts: number): FlowEntry | null {
    this.prune();
    let entry = this.entries.get(state.flow);
    if (!entry) {
      entry = { attempts: state.attempts, status: 'open', expiresAt: state.expiresAt };
      this.entries.set(state.flow, entry);
    }
    entry.attempts = Math.max(entry.attempts, state.attempts);
    if (entry.status !== 'open' || entry.attempts >= maxAttempts) return null;
    entry.status = 'checking';
    return entry;
  }

  succeed(entry: FlowEntry): void {
    entry.status = 'used';
  }

  /** Counts a wrong code; returns the new attempt count. */
  fail(entry: FlowEntry): number {
    entry.status = 'open';
    return ++entry.attempts;
  }

  /** The check failed for a reason that is not the person's (upstream down): no attempt counted. */
  release(entry: FlowEntry): void {
    entry.status = 'open';
  }

  private prune(): void {
    const now = Date.now();
    // Keep used flows a little past their expiry: a replay after that fails the expiry check anyway.
    for (const [flow, entry] of this.entries) if (entry.expiresAt + 60_000 < now) this.entries.delete(flow);
  }
}
