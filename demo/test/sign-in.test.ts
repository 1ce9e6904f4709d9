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
  codeFromInboxPanel,
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

/** How many entries of a type the page's event log shows. */
const readEvents = (page: Page, type: string) =>
  page.getByRole('log', { name: 'Widget events' }).getByRole('listitem').filter({ hasText: type }).count();

describe.each(PRESETS.map((p) => [p.label, p] as const))('%s preset', (_label, def) => {
  for (const [tabIndex, tabDef] of def.tabs.entries()) {
    if (tabDef.delivery === 'typed') {
      for (const [accountIndex, account] of tabDef.accounts.entries()) {
        const { secondStep, notice } = account as { secondStep?: unknown; notice?: string };
        const extra = secondStep ? ' with a second step' : notice ? ' with a notice' : '';
        it(`${tabDef.tabName}: ${account.identifier || 'the demo token'} signs in${extra}, then signs out`, async () => {
          const preset = await current(def.id);
          const tab = preset.tabs[tabIndex]!;
          const fresh = tab.accounts[accountIndex]!; // minted tokens are only in the served copy
          const widget = await openPreset(page, demo, def.id);
          const panel = await chooseTab(widget, preset, tab);
          await fillAndSubmit(page, demo, panel, tab, fresh);
          if (fresh.secondStep) {
            // The password checked out; the upstream asks for the authenticator app's code.
            await widget.getByRole('heading', { name: "Verify it's you" }).waitFor();
            expect(await readEvents(page, 'auth-success'), 'no auth-success before the second step').toBe(0);
            await widget.getByLabel('Verification code', { exact: true }).fill(fresh.secondStep.code);
            await widget.getByRole('button', { name: 'Verify', exact: true }).click();
          }
          await expectSignedIn(widget, fresh.signedInAs);
          if (fresh.notice) await widget.getByText(fresh.notice, { exact: true }).waitFor();
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

describe('Authing preset: a second step by text message', () => {
  it('Mia: password, then Text message, the code from the inbox, Verify → signed in', async () => {
    const preset = await current('authing');
    const tab = preset.tabs.find((t) => t.method === 'password')!;
    const mia = tab.accounts.find((a) => a.secondStep)!;
    const widget = await openPreset(page, demo, 'authing');
    // The accounts panel offers Mia's authenticator code to copy, next to her password.
    const accounts = page.getByRole('region', { name: 'Demo accounts' });
    await accounts.getByText(mia.secondStep!.code, { exact: true }).waitFor();
    await accounts.getByRole('button', { name: 'Copy Password Authenticator code' }).waitFor();
    const panel = await chooseTab(widget, preset, tab);
    await fillAndSubmit(page, demo, panel, tab, mia);
    await widget.getByRole('heading', { name: "Verify it's you" }).waitFor();
    const step = widget.locator('form.step');
    await step.getByRole('radio', { name: 'Text message' }).check();
    const since = Date.now() - 1000;
    await sendCode(step);
    const code = await codeFromInboxPanel(page, demo, '+8613500135000', since);
    await step.getByLabel('Verification code', { exact: true }).fill(code);
    await step.getByRole('button', { name: 'Verify', exact: true }).click();
    await expectSignedIn(widget, mia.signedInAs);
    await expectEvent(page, 'auth-success', 'via password');
    await signOut(widget);
  });
});
