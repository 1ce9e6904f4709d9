/**
 * Screenshots of every preset at desktop (1280) and phone (390) widths, light and dark, plus the
 * error and signed-in states, kept in demo/.artifacts/ (not committed) for people to look at.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../scripts/presets.mjs';
import {
  availablePreset,
  artifactsDir,
  chooseTab,
  codeFromInboxPanel,
  expectError,
  sendCode,
  expectSignedIn,
  fillAndSubmit,
  openPreset,
  readPresets,
  startDemoAndBrowser,
  stopDemoAndBrowser,
  type Demo,
  type PresetView,
} from './support.js';

let demo: Demo;
let browser: Browser;

beforeAll(async () => {
  ({ demo, browser } = await startDemoAndBrowser());
});
afterAll(() => stopDemoAndBrowser(demo, browser));

const sizes = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

async function current(id: string): Promise<PresetView> {
  return availablePreset(await readPresets(demo), id);
}

describe.each(PRESETS.map((p) => [p.label, p] as const))('%s preset', (_label, def) => {
  for (const size of sizes) {
    for (const theme of ['light', 'dark'] as const) {
      it(`${size.name}, ${theme}`, async () => {
        await current(def.id);
        const context = await browser.newContext({
          viewport: size.viewport,
          isMobile: size.isMobile,
          deviceScaleFactor: 1,
          colorScheme: theme,
        });
        try {
          const page = await context.newPage();
          await openPreset(page, demo, def.id, `&theme=${theme}`);
          await page.waitForTimeout(200);
          const file = join(artifactsDir, `${def.id}-${size.name}-${theme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          expect(statSync(file).size).toBeGreaterThan(10_000);
          // What a visitor sees first: the picker and the widget, at full resolution.
          await page
            .locator('.stage')
            .screenshot({ path: join(artifactsDir, `${def.id}-${size.name}-${theme}-stage.png`) });
          // No horizontal scrolling at any width.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
            size.viewport.width,
          );
        } finally {
          await context.close();
        }
      });
    }
  }
});

describe('states', () => {
  it('error and signed-in states of the first preset, desktop and phone', async () => {
    const preset = (await readPresets(demo)).find((p) => p.available && p.tabs.some((t) => t.delivery === 'typed'));
    if (!preset) throw new Error('no preset with a typed tab is available');
    const tab = preset.tabs.find((t) => t.delivery === 'typed')!;
    for (const size of sizes) {
      const context = await browser.newContext({
        viewport: size.viewport,
        isMobile: size.isMobile,
        deviceScaleFactor: 1,
      });
      try {
        const page = await context.newPage();
        const widget = await openPreset(page, demo, preset.id, '&theme=light');
        const panel = await chooseTab(widget, preset, tab);
        await fillAndSubmit(page, demo, panel, tab, tab.wrong);
        await expectError(widget, tab.wrong.expectedCode);
        await page.screenshot({ path: join(artifactsDir, `state-error-${size.name}.png`), fullPage: true });
        await fillAndSubmit(page, demo, panel, tab, tab.accounts[0]!);
        await expectSignedIn(widget);
        await page.screenshot({ path: join(artifactsDir, `state-signed-in-${size.name}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    }
  });

  it('a code sent: the inbox panel beside the widget', async () => {
    const preset = (await readPresets(demo)).find((p) => p.available && p.tabs.some((t) => t.delivery === 'inbox'));
    if (!preset) throw new Error('no preset sends codes');
    const tab = preset.tabs.find((t) => t.delivery === 'inbox')!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      const widget = await openPreset(page, demo, preset.id, '&theme=light');
      const panel = await chooseTab(widget, preset, tab);
      await panel.getByLabel(tab.identifierLabel!, { exact: true }).fill(tab.accounts[0]!.identifier);
      await sendCode(panel);
      await codeFromInboxPanel(page, demo, tab.accounts[0]!.identifier, Date.now() - 5000);
      await page.screenshot({ path: join(artifactsDir, 'state-code-sent-desktop.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  for (const pageName of ['react', 'vue']) {
    it(`${pageName}.html`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(`${demo.url}${pageName}.html?theme=light`);
        await page.locator('auth-login section[aria-busy="false"]').waitFor();
        await page.screenshot({ path: join(artifactsDir, `framework-${pageName}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    });
  }
});
