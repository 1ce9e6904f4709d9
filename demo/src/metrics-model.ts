/**
 * What the Metrics panel shows, read from one BFF scrape (docs/operations.md "Metrics" names the
 * series): sign-ins by method and outcome, codes sent by channel, throttle refusals by limit,
 * upstream calls with their average latency, breaker state per connector, active sessions.
 * Pure functions (no DOM), so they are unit-tested on text the way prom-client writes it.
 */
import { parseExposition, sumBy, type Exposition } from './prom-text.js';

export type BreakerState = 'closed' | 'half-open' | 'open';

export interface MetricsView {
  /** Signed-in, unexpired sessions; undefined when the BFF does not report it (Redis store). */
  sessions: number | undefined;
  signIns: { method: string; outcome: string; count: number }[];
  codes: { method: string; connector: string; count: number }[];
  refusals: { limit: string; count: number }[];
  /** Per connector and call: how many, how many failed (not `ok`), average seconds (_sum ÷ _count). */
  upstream: { connector: string; call: string; calls: number; failed: number; averageSeconds: number | undefined }[];
  breakers: { connector: string; state: BreakerState; changes: number }[];
}

const METHOD: Record<string, string> = {
  password: 'Password',
  phone: 'Phone code',
  otp: 'One-time password',
  token: 'Token',
  mfa: 'Second step',
};
export const methodName = (id: string): string => METHOD[id] ?? id;

const OUTCOME: Record<string, string> = {
  success: 'signed in',
  invalid: 'wrong credential or code',
  second_step: 'right password, second step asked',
  locked: 'refused: too many failures on the account',
  rate_limited: 'refused: too many tries from one address',
  upstream_unavailable: 'identity system unreachable',
  upstream_timeout: 'identity system too slow',
  upstream_error: 'identity system answered wrongly',
  error: 'BFF error',
};
export const outcomeName = (id: string): string => OUTCOME[id] ?? id;

/** `phone` codes go by text message; `otp` codes by the OTP connector's channel (email here). */
const CHANNEL: Record<string, string> = {
  phone: 'Text message (SMS)',
  otp: 'One-time code (email)',
  mfa: 'Second-step code (SMS or email)',
};
export const channelName = (method: string): string => CHANNEL[method] ?? `Code for ${method}`;

const LIMIT: Record<string, string> = {
  'signin:acct': 'Too many failures on one account',
  'signin:ip': 'Too many sign-ins from one address',
  'code:cooldown': 'New code asked for too soon',
  'code:dest': 'Too many codes to one phone or email',
  'code:ip': 'Too many codes from one address',
};
export const limitName = (id: string): string => LIMIT[id] ?? id;

const BREAKER: Record<number, BreakerState> = { 0: 'closed', 1: 'half-open', 2: 'open' };
const BREAKER_WORDS: Record<BreakerState, string> = {
  closed: 'Closed: calls go through',
  'half-open': 'Half-open: one trial call',
  open: 'Open: calls refused at once',
};
export const breakerName = (state: BreakerState): string => BREAKER_WORDS[state];

/** "bw · password", "au · phone code send" for `phone.code`. */
export function callName(connector: string, call: string): string {
  const [method, what] = call.split('.');
  return `${connector} · ${method ?? call}${what === 'code' ? ' code send' : ''}`;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function summarize(scrape: string | Exposition): MetricsView {
  const { families } = typeof scrape === 'string' ? parseExposition(scrape) : scrape;
  const fam = (name: string) => families.get(name);

  const sessionSamples = fam('auth_bff_active_sessions')?.samples ?? [];
  const signIns = sumBy(fam('auth_bff_signins_total'), ['method', 'outcome'])
    .map((g) => ({ method: g.labels.method!, outcome: g.labels.outcome!, count: g.value }))
    .sort((a, b) => byText(a.method, b.method) || (a.outcome === 'success' ? -1 : b.outcome === 'success' ? 1 : 0));
  const codes = sumBy(fam('auth_bff_codes_sent_total'), ['method', 'connector'])
    .map((g) => ({ method: g.labels.method!, connector: g.labels.connector!, count: g.value }))
    .sort((a, b) => byText(a.method, b.method) || byText(a.connector, b.connector));
  const refusals = sumBy(fam('auth_bff_throttle_refusals_total'), ['limit'])
    .map((g) => ({ limit: g.labels.limit!, count: g.value }))
    .sort((a, b) => byText(a.limit, b.limit));

  const hist = fam('auth_bff_upstream_call_duration_seconds');
  const name = 'auth_bff_upstream_call_duration_seconds';
  const counts = sumBy(hist, ['connector', 'call', 'outcome'], `${name}_count`);
  const sums = sumBy(hist, ['connector', 'call'], `${name}_sum`);
  const upstream = new Map<string, MetricsView['upstream'][number]>();
  for (const c of counts) {
    const key = `${c.labels.connector}\u0000${c.labels.call}`;
    const row = upstream.get(key) ?? {
      connector: c.labels.connector!,
      call: c.labels.call!,
      calls: 0,
      failed: 0,
      averageSeconds: undefined,
    };
    row.calls += c.value;
    if (c.labels.outcome !== 'ok') row.failed += c.value;
    upstream.set(key, row);
  }
  for (const s of sums) {
    const row = upstream.get(`${s.labels.connector}\u0000${s.labels.call}`);
    if (row && row.calls > 0) row.averageSeconds = s.value / row.calls;
  }

  const changes = sumBy(fam('auth_bff_circuit_transitions_total'), ['connector']);
  const breakers = sumBy(fam('auth_bff_circuit_state'), ['connector'])
    .map((g) => ({
      connector: g.labels.connector!,
      state: BREAKER[g.value] ?? 'open',
      changes: changes.find((c) => c.labels.connector === g.labels.connector)?.value ?? 0,
    }))
    .sort((a, b) => byText(a.connector, b.connector));

  return {
    sessions: sessionSamples.length ? sessionSamples.reduce((n, s) => n + s.value, 0) : undefined,
    signIns,
    codes,
    refusals,
    upstream: [...upstream.values()].sort((a, b) => byText(a.connector, b.connector) || byText(a.call, b.call)),
    breakers,
  };
}

/**
 * Every number of a view under a stable key with its words, to compare two scrapes: what moved
 * since the page loaded, since the last poll, and what the polite announcement says.
 */
export function readings(view: MetricsView): Map<string, { label: string; value: number }> {
  const out = new Map<string, { label: string; value: number }>();
  if (view.sessions !== undefined) out.set('sessions', { label: 'signed-in sessions', value: view.sessions });
  for (const s of view.signIns)
    out.set(`signin:${s.method}:${s.outcome}`, {
      label: `${methodName(s.method)} sign-ins, ${outcomeName(s.outcome)}`,
      value: s.count,
    });
  for (const c of view.codes)
    out.set(`code:${c.method}:${c.connector}`, { label: `codes sent, ${channelName(c.method)}`, value: c.count });
  for (const r of view.refusals)
    out.set(`refusal:${r.limit}`, { label: `refusals, ${limitName(r.limit)}`, value: r.count });
  for (const u of view.upstream) {
    out.set(`upstream:${u.connector}:${u.call}`, {
      label: `upstream calls ${callName(u.connector, u.call)}`,
      value: u.calls,
    });
    out.set(`upstream-failed:${u.connector}:${u.call}`, {
      label: `failed upstream calls ${callName(u.connector, u.call)}`,
      value: u.failed,
    });
  }
  for (const b of view.breakers)
    out.set(`breaker:${b.connector}`, {
      label: `breaker ${b.connector}`,
      value: b.state === 'closed' ? 0 : b.state === 'half-open' ? 1 : 2,
    });
  return out;
}

/**
 * One sentence for a screen reader about what moved between two sets of readings, or '' if
 * nothing did: "Metrics changed: Password sign-ins, signed in +1; …" (at most `max` items).
 */
export function describeChanges(
  before: Map<string, { label: string; value: number }>,
  after: Map<string, { label: string; value: number }>,
  max = 4,
): string {
  const parts: string[] = [];
  for (const [key, now] of after) {
    const was = before.get(key)?.value ?? 0;
    if (now.value === was) continue;
    if (key.startsWith('breaker:')) {
      parts.push(`${now.label} now ${BREAKER[now.value] ?? 'open'}`);
      continue;
    }
    if (key.startsWith('upstream-failed:') && now.value === 0) continue;
    parts.push(`${now.label} ${signed(now.value - was)}`);
  }
  if (!parts.length) return '';
  const shown = parts.slice(0, max).join('; ');
  return `Metrics changed: ${shown}${parts.length > max ? `; and ${parts.length - max} more` : ''}.`;
}

/** +1, −2 (a real minus sign), 0. */
export const signed = (n: number): string => (n > 0 ? `+${fmt(n)}` : n < 0 ? `\u2212${fmt(-n)}` : '0');

/** Counts as integers; anything else with up to 2 decimals. */
export const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** Seconds as "12 ms" or "1.3 s". */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 1) return `${Math.max(seconds * 1000, 0.1).toFixed(seconds < 0.01 ? 1 : 0)} ms`;
  return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
}
