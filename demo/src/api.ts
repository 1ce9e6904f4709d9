/** The demo server's own endpoints (scripts/demo-server.mjs), not part of the product's API. */

export interface DemoAccountView {
  identifier: string;
  /** The password / token / OTP to type; empty when the code arrives in the inbox. */
  secret: string;
  note: string;
  /** The name the widget shows once this account is signed in. */
  signedInAs?: string;
  /** An account whose password asks for a second step: the code of its authenticator app. */
  secondStep?: { method: 'totp'; label: string; code: string };
  /** The notice the widget shows once signed in (a password about to expire). */
  notice?: string;
}

export interface PresetTab {
  /** The widget method id: password | phone | otp | token. */
  method: string;
  /** The tab's English accessible name (docs/architecture.md "The widget"). */
  tabName: string;
  /** Which system serves the tab, e.g. "BroadWorks OCI-P (TCP)". */
  system: string;
  /** The label of the widget's identifier field for this tab, when it has one. */
  identifierLabel?: string;
  /** The label of the secret field (Password, Verification code, One-time password, Token). */
  secretLabel: string;
  /** Where the code comes from: typed (secret), or delivered to the inbox. */
  delivery: 'typed' | 'inbox';
  accounts: DemoAccountView[];
  /** A credential that fails, for trying the error path. */
  wrong: { identifier: string; secret: string; expectedCode: string };
}

export interface PresetView {
  id: string;
  label: string;
  description: string;
  endpoint: string;
  available: boolean;
  note?: string;
  tabs: PresetTab[];
  yaml: string;
}

export interface InboxMessage {
  id: string;
  system: string;
  channel: 'sms' | 'email';
  to: string;
  code: string;
  text: string;
  at: number;
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function fetchPresets(): Promise<PresetView[]> {
  return (await getJson<{ presets: PresetView[] }>('/demo/presets')).presets;
}

export async function fetchInbox(): Promise<InboxMessage[]> {
  return (await getJson<{ messages: InboxMessage[] }>('/demo/inbox')).messages;
}

/**
 * A preset's Prometheus scrape, through the demo server's /demo/metrics/<preset> (a demo-only
 * forward of the BFF's own loopback metrics listener; the BFF never serves metrics on its API).
 */
export async function fetchMetrics(presetId: string): Promise<string> {
  const path = `/demo/metrics/${encodeURIComponent(presetId)}`;
  const res = await fetch(path, { headers: { accept: 'text/plain' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.text();
}
