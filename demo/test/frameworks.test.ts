/**
 * The same element inside React 19 and Vue 3: the framework renders it, its events reach the
 * framework's state (the status line), and sign-in / sign-out work as on the plain page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  chooseTab,
  expectError,
  expectSignedIn,
  fillAndSubmit,
  readPresets,
  signOut,
  startDemoAndBrowser,
  stopDemoAndBrowser,
  type Demo,
  type PresetView,
} from './support.js';

let demo: Demo;
let browser: Browser;
let preset: PresetView | undefined;

beforeAll(async () => {
  ({ demo, browser } = await startDemoAndBrowser());
  preset = (await readPresets(demo)).find((p) => p.available && p.tabs.some((t) => t.method === 'password'));
});
afterAll(() => stopDemoAndBrowser(demo, browser));

describe.each([
  { page: 'react', framework: 'React' },
  { page: 'vue', framework: 'Vue' },
])('$framework page', ({ page: pageName, framework }) => {
  it('renders the widget; its events drive the framework state', async () => {
    if (!preset) throw new Error('no preset with a password tab is available');
    const tab = preset.tabs.find((t) => t.method === 'password')!;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${demo.url}${pageName}.html?preset=${preset.id}`);
      await page.getByRole('heading', { name: `auth-login in ${framework}` }).waitFor();
      const widget = page.locator('auth-login');
      await widget.locator('section[aria-busy="false"]').waitFor();
      const status = page.getByRole('status').filter({ hasText: `${framework} state` });
      await status.filter({ hasText: 'signed out' }).waitFor();

      const panel = await chooseTab(widget, preset, tab);
      await fillAndSubmit(page, demo, panel, tab, tab.wrong);
      await expectError(widget, tab.wrong.expectedCode);
      await status.filter({ hasText: `last error: ${tab.wrong.expectedCode}` }).waitFor();

      await fillAndSubmit(page, demo, panel, tab, tab.accounts[0]!);
      await expectSignedIn(widget);
      await status.filter({ hasText: 'signed in as' }).waitFor();
      await signOut(widget);
      await status.filter({ hasText: 'signed out' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
