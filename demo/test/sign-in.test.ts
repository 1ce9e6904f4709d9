/**
 * Every preset, every tab, in real Chromium against the real BFFs and simulators: the demo
 * account signs in (codes read off the page's inbox), the signed-in state shows, Sign out ends
 * it; a wrong credential shows the widget's message for the BFF's error code.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../scripts/presets.mjs';
import {
  availablePreset,
  chooseTab,
  expectError,
  expectEvent,
  expectSignedIn,
  fillAndSubmit,
  openPreset,
  readPresets,
  sendCode,
  signOut,
  startDemoAndBrowser,
  stopDemoAndBrowser,
  type Demo,
  type PresetView,
} from './support.js';

let demo: Demo;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  ({ demo, browser } = await startDemoAndBrowser());
});
afterAll(() => stopDemoAndBrowser(demo, browser));
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

/** The preset as served now (fresh tokens); fails the test when the preset is not available. */
async function current(id: string): Promise<PresetView> {
  return availablePreset(await readPresets(demo), id);
}

describe.each(PRESETS.map((p) => [p.label, p] as const))('%s preset', (_label, def) => {
  for (const [tabIndex, tabDef] of def.tabs.entries()) {
    if (tabDef.delivery === 'typed') {
      for (const [accountIndex, account] of tabDef.accounts.entries()) {
        it(`${tabDef.tabName}: ${account.identifier || 'the demo token'} signs in, then signs out`, async () => {
          const preset = await current(def.id);
          const tab = preset.tabs[tabIndex]!;
          const fresh = tab.accounts[accountIndex]!; // minted tokens are only in the served copy
          const widget = await openPreset(page, demo, def.id);
          const panel = await chooseTab(widget, preset, tab);
          await fillAndSubmit(page, demo, panel, tab, fresh);
          await expectSignedIn(widget, fresh.signedInAs);
          await expectEvent(page, 'auth-success', `via ${tab.method}`);
          await signOut(widget);
          await expectEvent(page, 'auth-logout');
        });
      }
      it(`${tabDef.tabName}: a wrong credential shows "${tabDef.wrong.expectedCode}"`, async () => {
        const preset = await current(def.id);
        const tab = preset.tabs[tabIndex]!;
        const widget = await openPreset(page, demo, def.id);
        const panel = await chooseTab(widget, preset, tab);
        await fillAndSubmit(page, demo, panel, tab, tab.wrong);
        await expectError(widget, tab.wrong.expectedCode);
        await expectEvent(page, 'auth-error', tab.wrong.expectedCode);
        expect(await widget.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
      });
    } else {
      it(`${tabDef.tabName}: a wrong code is refused, then the code from the inbox signs in and out`, async () => {
        const preset = await current(def.id);
        const tab = preset.tabs[tabIndex]!;
        const account = tab.accounts[0]!;
        const widget = await openPreset(page, demo, def.id);
        const panel = await chooseTab(widget, preset, tab);
        const since = Date.now() - 1000;
        await panel.getByLabel(tab.identifierLabel!, { exact: true }).fill(account.identifier);
        await sendCode(panel);
        await fillAndSubmit(page, demo, panel, tab, account, { code: tab.wrong.secret, alreadySent: true });
        await expectError(widget, tab.wrong.expectedCode);
        await expectEvent(page, 'auth-error', tab.wrong.expectedCode);
        await fillAndSubmit(page, demo, panel, tab, account, { alreadySent: true, since });
        await expectSignedIn(widget, account.signedInAs);
        await expectEvent(page, 'auth-success', `via ${tab.method}`);
        await signOut(widget);
      });
    }
  }
});
