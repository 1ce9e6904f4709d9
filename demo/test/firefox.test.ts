/**
 * The sign-in flows of every preset in Firefox (Debian's firefox-esr), driven by puppeteer-core
 * over WebDriver BiDi: playwright-core needs its own patched Firefox, which this project does not
 * download. The same steps as sign-in.test.ts, found the way a person finds them (tab and button
 * names, field labels); where Firefox differs (no WebOTP, no `one-time-code` autofill), the
 * fallback is checked: the code field is focused, empty, and keeps its autocomplete attribute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../scripts/presets.mjs';
import { firefoxLaunchOptions } from '../../scripts/find-executable.mjs';
import { availablePreset, readInbox, readPresets, startDemo, type Demo, type PresetTab } from './support.js';

let demo: Demo;
let browser: Browser;
let page: Page;
let profile: string;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'demo-firefox-'));
  [demo, browser] = await Promise.all([
    startDemo({ port: 0, quiet: true }),
    puppeteer.launch(firefoxLaunchOptions(profile)),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(profile, { recursive: true, force: true });
});
beforeEach(async () => {
  // A fresh context per test: its own cookie jar, so no BFF session leaks from one test to the next.
  const context = await browser.createBrowserContext();
  page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
});
afterEach(async () => {
  await page?.browserContext().close();
});

// --- steps inside the widget's shadow root, by accessible name --------------------------------
type Find = { kind: 'tab' | 'button' | 'field'; name: string };

/** The element a person would use: a tab or button by its name, a field by its label text. */
async function find(what: Find): Promise<ElementHandle<HTMLElement>> {
  const handle = await page.waitForFunction(
    ({ kind, name }) => {
      const root = document.querySelector('auth-login')?.shadowRoot;
      if (!root) return null;
      const scope = root.querySelector('.panel:not([hidden])') ?? root;
      const text = (e: Element) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim();
      if (kind === 'tab') return [...root.querySelectorAll('[role=tab]')].find((e) => text(e) === name) ?? null;
      if (kind === 'button') return [...scope.querySelectorAll('button')].find((e) => text(e) === name) ?? null;
      const label = [...scope.querySelectorAll('label')].find((e) => text(e) === name);
      return label ? root.getElementById(label.htmlFor) : null;
    },
    { timeout: 10_000 },
    what,
  );
  return handle as ElementHandle<HTMLElement>;
}

async function typeInto(label: string, value: string): Promise<void> {
  const input = (await find({ kind: 'field', name: label })) as ElementHandle<HTMLInputElement>;
  await input.evaluate((e) => (e.value = ''));
  await input.type(value); // real key events (BiDi input actions)
}

const click = async (kind: 'tab' | 'button', name: string) => (await find({ kind, name })).click();

/** Resolves once fn(shadowRoot) is truthy; returns its value. */
async function until<T>(fn: (root: ShadowRoot) => T, timeout = 10_000): Promise<T> {
  // An expression evaluated by the protocol (not the page's eval, which the demo's CSP forbids).
  const handle = await page.waitForFunction(
    `(() => { const r = document.querySelector('auth-login')?.shadowRoot; return r ? (${fn.toString()})(r) : null; })()`,
    { timeout },
  );
  return (await handle.jsonValue()) as T;
}

async function open(presetId: string): Promise<void> {
  await page.goto(`${demo.url}?preset=${presetId}`);
  await until((r) => r.querySelector('section[aria-busy="false"]') !== null);
}

async function expectSignedInAndOut(name: string | undefined): Promise<void> {
  const who = await until((r) => r.querySelector('#who')?.textContent?.replace(/\s+/g, ' ').trim());
  expect(who).toMatch(/^Signed in as /);
  if (name) expect(who).toContain(name);
  // Focus went to "Signed in as …" (the element itself: its id).
  expect(await until((r) => r.activeElement?.id)).toBe('who');
  await click('button', 'Sign out');
  await until((r) => r.querySelector('h2')?.textContent?.trim() === 'Sign in');
}

/** The newest code sent to `to` since `since`, off the demo's inbox (what the page shows too). */
async function codeFor(to: string, since: number): Promise<string> {
  const digits = (s: string) => s.replace(/\D/g, '');
  let code = '';
  await expect
    .poll(
      async () => {
        const m = (await readInbox(demo)).find(
          (x) =>
            x.at >= since &&
            (to.includes('@') ? x.to.toLowerCase() === to.toLowerCase() : digits(x.to).endsWith(digits(to))),
        );
        code = m?.code ?? '';
        return code;
      },
      { timeout: 10_000 },
    )
    .not.toBe('');
  return code;
}

async function signIn(tab: PresetTab, tabs: number, account: { identifier: string; secret: string }) {
  if (tabs > 1) {
    await click('tab', tab.tabName);
    await until((r) => r.querySelector('[role=tab][aria-selected=true]')?.textContent?.trim());
  }
  if (tab.identifierLabel) await typeInto(tab.identifierLabel, account.identifier);
  let secret = account.secret;
  if (tab.delivery === 'inbox') {
    const since = Date.now() - 1000;
    await click('button', 'Send code');
    // The panel's status line says where the code went (WCAG 4.1.3).
    const status = await until((r) =>
      r.querySelector('.panel:not([hidden]) [role=status]')?.textContent?.replace(/[\u2066-\u2069]/g, ''),
    );
    expect(status).toMatch(/^(Sending code…|Code sent to .+\.)$/);
    await until((r) => r.querySelector('.panel:not([hidden]) [role=status]')?.textContent?.startsWith('Code sent'));
    // No WebOTP in Firefox: nothing fills the code; the empty code field has focus and the token.
    const input = (await find({ kind: 'field', name: tab.secretLabel })) as ElementHandle<HTMLInputElement>;
    expect(await page.evaluate(() => 'OTPCredential' in window)).toBe(false);
    expect(await input.evaluate((e) => [e.value, e.getAttribute('autocomplete'), e.matches(':focus')])).toEqual([
      '',
      'one-time-code',
      true,
    ]);
    secret = await codeFor(account.identifier, since);
  }
  await typeInto(tab.secretLabel, secret);
  await click('button', 'Sign in');
}

describe('Firefox (firefox-esr over WebDriver BiDi)', () => {
  it('runs the real Firefox, not a downloaded one', async () => {
    expect(await browser.version()).toMatch(/^firefox\//i);
    await open('mixed');
    expect(await page.evaluate(() => navigator.userAgent)).toMatch(/Firefox\//);
  });

  describe.each(PRESETS.map((p) => [p.label, p] as const))('%s preset', (_label, def) => {
    for (const [tabIndex, tabDef] of def.tabs.entries()) {
      it(`${tabDef.tabName}: the demo account signs in, then signs out`, async () => {
        const preset = availablePreset(await readPresets(demo), def.id);
        const tab = preset.tabs[tabIndex]!;
        const account = tab.accounts[0]!;
        await open(def.id);
        await signIn(tab, preset.tabs.length, account);
        await expectSignedInAndOut(account.signedInAs);
      });
    }
  });
});
