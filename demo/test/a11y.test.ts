/**
 * axe-core scans of the demo page with the widget in each state: every tab shown, an error
 * shown, a code sent, signed in; in the light and the dark theme. No violations allowed.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../scripts/presets.mjs';
import {
  availablePreset,
  axeViolations,
  chooseTab,
  expectError,
  expectSignedIn,
  fillAndSubmit,
  openPreset,
  readPresets,
  sendCode,
  startDemoAndBrowser,
  stopDemoAndBrowser,
  type AxeViolation,
  type Demo,
  type PresetView,
} from './support.js';

let demo: Demo;
let browser: Browser;

beforeAll(async () => {
  ({ demo, browser } = await startDemoAndBrowser());
});
afterAll(() => stopDemoAndBrowser(demo, browser));

const describeViolations = (vs: AxeViolation[]) =>
  vs
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `   at ${n.target.join(' > ')}\n   ${n.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');

async function expectAccessible(page: Page, state: string): Promise<void> {
  // Let transitions settle so colour-contrast sees the final colours.
  await page.waitForTimeout(250);
  const violations = await axeViolations(page);
  expect(violations, `${state}:\n${describeViolations(violations)}`).toEqual([]);
}

async function current(id: string): Promise<PresetView> {
  return availablePreset(await readPresets(demo), id);
}

describe.each(PRESETS.map((p) => [p.label, p] as const))('%s preset', (_label, def) => {
  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations in any widget state (${theme})`, async () => {
      const preset = await current(def.id);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: theme });
      try {
        const page = await context.newPage();
        let widget = await openPreset(page, demo, def.id, `&theme=${theme}`);
        await expectAccessible(page, 'signed out, first tab');
        for (const tab of preset.tabs) {
          await chooseTab(widget, preset, tab);
          await expectAccessible(page, `${tab.tabName} tab`);
        }
        const typed = preset.tabs.find((t) => t.delivery === 'typed');
        const inbox = preset.tabs.find((t) => t.delivery === 'inbox');
        // Codes are sent in the light run only: the BFF's resend interval (30 s) would refuse a
        // second send to the same number, and that refusal is not what this test is about.
        if (inbox && theme === 'light') {
          widget = await openPreset(page, demo, def.id, `&theme=${theme}`);
          const panel = await chooseTab(widget, preset, inbox);
          const account = inbox.accounts[0]!;
          const since = Date.now() - 1000;
          await panel.getByLabel(inbox.identifierLabel!, { exact: true }).fill(account.identifier);
          await sendCode(panel);
          await expectAccessible(page, `${inbox.tabName} tab, code sent`);
          if (!typed) {
            await fillAndSubmit(page, demo, panel, inbox, account, { code: inbox.wrong.secret, alreadySent: true });
            await expectError(widget, inbox.wrong.expectedCode);
            await expectAccessible(page, `${inbox.tabName} tab, error shown`);
            await fillAndSubmit(page, demo, panel, inbox, account, { alreadySent: true, since });
            await expectSignedIn(widget);
            await expectAccessible(page, 'signed in');
          }
        }
        if (typed) {
          widget = await openPreset(page, demo, def.id, `&theme=${theme}`);
          const panel = await chooseTab(widget, preset, typed);
          await fillAndSubmit(page, demo, panel, typed, typed.wrong);
          await expectError(widget, typed.wrong.expectedCode);
          await expectAccessible(page, `${typed.tabName} tab, error shown`);
          await fillAndSubmit(page, demo, panel, typed, typed.accounts[0]!);
          await expectSignedIn(widget);
          await expectAccessible(page, 'signed in');
        }
      } finally {
        await context.close();
      }
    });
  }
});

describe('framework pages', () => {
  for (const pageName of ['react', 'vue']) {
    it(`${pageName}.html has no axe violations`, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${demo.url}${pageName}.html`);
        await page.locator('auth-login section[aria-busy="false"]').waitFor();
        await expectAccessible(page, `${pageName}.html`);
      } finally {
        await context.close();
      }
    });
  }
});
