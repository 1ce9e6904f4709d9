/**
 * What the e2e tests share: the real demo server on port 0, the system Chromium driven by
 * playwright-core (docs/development.md §2, §6), and the steps a person takes in the widget, located by
 * role and accessible name the way a screen-reader user would find them.
 */
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DemoAccountView, InboxMessage, PresetTab, PresetView } from '../src/api.js';
import { startDemo } from '../scripts/demo-server.mjs';
import { chromiumArgs, chromiumPath } from '../../scripts/find-executable.mjs';

export type Demo = Awaited<ReturnType<typeof startDemo>>;
export { startDemo };

export const artifactsDir = fileURLToPath(new URL('../.artifacts/', import.meta.url));
mkdirSync(artifactsDir, { recursive: true });

/** The flags that keep Chromium off the network and working as root (docs/development.md §2). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}

/**
 * A preset the tests need, by id. An unknown or unavailable preset FAILS the test with the reason
 * (a preset whose BFF did not start is a broken demo, not something to skip).
 */
export function availablePreset(presets: PresetView[], id: string): PresetView {
  const preset = presets.find((p) => p.id === id);
  if (!preset) throw new Error(`preset ${id} is not served by the demo`);
  if (!preset.available) throw new Error(`preset ${id} is not available: ${preset.note ?? 'no reason given'}`);
  return preset;
}

/** Every e2e file's fixture: the demo on a free port and one headless Chromium. */
export async function startDemoAndBrowser(): Promise<{ demo: Demo; browser: Browser }> {
  const demo = await startDemo({ port: 0, quiet: true });
  return { demo, browser: await launchBrowser() };
}

export async function stopDemoAndBrowser(demo: Demo | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await demo?.close();
}

/** The widget's English error texts (packages/auth-login/src/internal/locales/en.ts). */
export const ERROR_TEXT: Record<string, string> = {
  invalid_credentials: 'Those sign-in details are incorrect. Check them and try again.',
  invalid_code: 'That code is incorrect. Check it and try again.',
  code_expired: 'That code has expired. Send a new one.',
  invalid_token: 'That token is not valid.',
};

/** The presets as the page sees them (tokens minted fresh on every read). */
export async function readPresets(demo: Demo): Promise<PresetView[]> {
  const res = await fetch(new URL('/demo/presets', demo.ipUrl));
  return ((await res.json()) as { presets: PresetView[] }).presets;
}

export async function readInbox(demo: Demo): Promise<InboxMessage[]> {
  const res = await fetch(new URL('/demo/inbox', demo.ipUrl));
  return ((await res.json()) as { messages: InboxMessage[] }).messages;
}

/** The newest code sent to `to` after `since`, as a person reads it off the demo's inbox panel. */
export async function codeFromInboxPanel(page: Page, demo: Demo, to: string, since: number): Promise<string> {
  let message: InboxMessage | undefined;
  await expect
    .poll(
      async () => {
        message = (await readInbox(demo)).find((m) => m.at >= since && sameAddress(m.to, to));
        return message !== undefined;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  // The panel polls the same endpoint: the code must also be visible on the page.
  const item = page.locator('#inbox li').filter({ hasText: message!.code }).first();
  await expect.poll(() => item.isVisible(), { timeout: 10_000 }).toBe(true);
  return message!.code;
}

const digits = (s: string) => s.replace(/\D/g, '');
function sameAddress(a: string, b: string): boolean {
  if (a.includes('@') || b.includes('@')) return a.toLowerCase() === b.toLowerCase();
  const x = digits(a);
  const y = digits(b);
  return x === y || x.endsWith(y) || y.endsWith(x);
}

/** Opens the demo page with a preset and waits until the widget is interactive. */
export async function openPreset(page: Page, demo: Demo, presetId: string, query = ''): Promise<Locator> {
  await page.goto(`${demo.url}?preset=${presetId}${query}`);
  const widget = page.locator('auth-login');
  await expect.poll(() => widget.getAttribute('endpoint')).toBe(`/auth/${presetId}`);
  await widget.locator('section[aria-busy="false"]').waitFor();
  return widget;
}

/** The visible tab panel (or the widget itself when it offers a single method: no tabs then). */
export async function chooseTab(widget: Locator, preset: PresetView, tab: PresetTab): Promise<Locator> {
  if (preset.tabs.length < 2) return widget;
  await widget.getByRole('tab', { name: tab.tabName, exact: true }).click();
  await expect
    .poll(() => widget.getByRole('tab', { name: tab.tabName, exact: true }).getAttribute('aria-selected'))
    .toBe('true');
  return widget.getByRole('tabpanel', { name: tab.tabName, exact: true });
}

/**
 * Types the credential of one tab and presses Sign in. Inbox tabs: types the identifier, presses
 * Send code, and reads the code off the page's inbox panel (unless `code` is given: a wrong one).
 */
export async function fillAndSubmit(
  page: Page,
  demo: Demo,
  panel: Locator,
  tab: PresetTab,
  account: { identifier: string; secret: string },
  opts: { code?: string; alreadySent?: boolean; since?: number } = {},
): Promise<void> {
  if (tab.identifierLabel) await panel.getByLabel(tab.identifierLabel, { exact: true }).fill(account.identifier);
  let secret = account.secret;
  if (tab.delivery === 'inbox') {
    const since = opts.since ?? Date.now() - 1000;
    if (!opts.alreadySent) await sendCode(panel);
    secret = opts.code ?? (await codeFromInboxPanel(page, demo, account.identifier, since));
  }
  await panel.getByLabel(tab.secretLabel, { exact: true }).fill(secret);
  await panel.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Presses `Send code` and waits for the resend countdown that follows a sent code. */
export async function sendCode(panel: Locator): Promise<void> {
  await panel.getByRole('button', { name: 'Send code', exact: true }).click();
  await panel.getByText(/You can send a new code in/).waitFor();
}

/** Asserts the signed-in state: the heading, the user's name and a Sign out button. */
export async function expectSignedIn(widget: Locator, name?: string): Promise<void> {
  await widget.getByRole('heading', { name: 'Signed in as' }).waitFor();
  if (name) await widget.getByText(name, { exact: true }).waitFor();
  await widget.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
}

export async function signOut(widget: Locator): Promise<void> {
  await widget.getByRole('button', { name: 'Sign out', exact: true }).click();
  await widget.getByRole('heading', { name: 'Sign in' }).waitFor();
}

export async function expectError(widget: Locator, code: string): Promise<void> {
  const text = ERROR_TEXT[code];
  if (!text) throw new Error(`no English text known for ${code}`);
  await widget.getByText(text, { exact: true }).waitFor();
}

/** The event log's newest entry of a type, as shown on the page. */
export async function expectEvent(page: Page, type: string, contains?: string): Promise<void> {
  const entry = page.getByRole('log', { name: 'Widget events' }).getByRole('listitem').filter({ hasText: type });
  await (contains ? entry.filter({ hasText: contains }) : entry).first().waitFor();
}

const requireAxe = createRequire(import.meta.url);
const axePath = requireAxe.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core in the page (it pierces open shadow roots) and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

export type { DemoAccountView, PresetTab, PresetView };
