/**
 * The session lives in the BFF, behind an httpOnly cookie: it survives a reload, and a sign-out
 * in one browser tab is seen by another tab of the same browser once it reloads.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseTab,
  expectSignedIn,
  fillAndSubmit,
  openPreset,
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
  preset = (await readPresets(demo)).find(
    (p) => p.available && p.tabs.some((t) => t.method === 'password' && t.delivery === 'typed'),
  );
});
afterAll(() => stopDemoAndBrowser(demo, browser));

describe('the session', () => {
  it('survives a reload, and a sign-out in one tab is seen in another after reload', async () => {
    if (!preset) throw new Error('no preset with a password tab is available');
    const tab = preset.tabs.find((t) => t.method === 'password')!;
    const context = await browser.newContext();
    try {
      const first = await context.newPage();
      let widget = await openPreset(first, demo, preset.id);
      await fillAndSubmit(first, demo, await chooseTab(widget, preset, tab), tab, tab.accounts[0]!);
      await expectSignedIn(widget);

      // The cookie is httpOnly: the page's script cannot read it.
      expect(await first.evaluate(() => document.cookie)).not.toContain(`demo-${preset.id}`);
      const cookie = (await context.cookies()).find((c) => c.name === `demo-${preset!.id}`);
      expect(cookie?.httpOnly).toBe(true);

      await first.reload();
      widget = await openPreset(first, demo, preset.id);
      await expectSignedIn(widget);

      const second = await context.newPage();
      const widget2 = await openPreset(second, demo, preset.id);
      await expectSignedIn(widget2);

      await signOut(widget);
      await second.reload();
      await openPreset(second, demo, preset.id);
      await second.locator('auth-login').getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await second.locator('auth-login').getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('is kept per preset: signing in to one preset does not sign in to another', async () => {
    const presets = (await readPresets(demo)).filter(
      (p) => p.available && p.tabs.some((t) => t.method === 'password' && t.delivery === 'typed'),
    );
    if (presets.length < 2) throw new Error('needs two presets with a password tab');
    const [a, b] = presets as [PresetView, PresetView];
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const tab = a.tabs.find((t) => t.method === 'password')!;
      const widget = await openPreset(page, demo, a.id);
      await fillAndSubmit(page, demo, await chooseTab(widget, a, tab), tab, tab.accounts[0]!);
      await expectSignedIn(widget);
      const other = await openPreset(page, demo, b.id);
      await other.getByRole('heading', { name: 'Sign in' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
