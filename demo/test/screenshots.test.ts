/**
 * Screenshots of every preset at desktop (1280) and phone (390) widths, light and dark, plus the
 * error and signed-in states, and the Metrics panel after a failure and a sign-in in Chromium and
 * Firefox, kept in demo/.artifacts/ (not committed) for people to look at.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import puppeteer, { type Browser as FirefoxBrowser, type Page as FirefoxPage } from 'puppeteer-core';
import { firefoxLaunchOptions } from '../../scripts/find-executable.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../scripts/presets.mjs';
import {
  availablePreset,
  artifactsDir,
  ERROR_TEXT,
  chooseTab,
  codeFromInboxPanel,
  expectError,
  sendCode,
  expectSignedIn,
  fillAndSubmit,
  openPreset,
  readPresets,
  startDemoAndBrowser,
  type PresetTab,
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

/**
 * The Metrics panel once a wrong password and a sign-in have moved it (the Mixed preset: four
 * connectors, so four breakers), in both browsers, phone and desktop, light and dark. Each shot is
 * taken on a fresh page load, so "+n" counts that page's own two attempts.
 */
describe('metrics panel', () => {
  let firefox: FirefoxBrowser;
  let profile: string;
  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'demo-shots-firefox-'));
    firefox = await puppeteer.launch(firefoxLaunchOptions(profile));
  });
  afterAll(async () => {
    await firefox?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  const presetId = 'mixed';
  const passwordTab = async (): Promise<PresetTab> =>
    (await current(presetId)).tabs.find((t) => t.method === 'password')!;
  /** The numbers moved on the page: the wrong attempt and the success are both shown, polling is live. */
  const movedCheck = () =>
    document.querySelectorAll('#metrics [data-key^="signin:password:"] .delta').length === 2 &&
    document.getElementById('metrics-state')?.dataset.state === 'live';

  for (const size of sizes) {
    for (const theme of ['light', 'dark'] as const) {
      it(`Chromium, ${size.name}, ${theme}`, async () => {
        const tab = await passwordTab();
        const context = await browser.newContext({
          viewport: size.viewport,
          isMobile: size.isMobile,
          deviceScaleFactor: 1,
          colorScheme: theme,
        });
        try {
          const page = await context.newPage();
          const widget = await openPreset(page, demo, presetId, `&theme=${theme}`);
          await page.locator('#metrics-state[data-state="live"]').waitFor();
          const form = await chooseTab(widget, await current(presetId), tab);
          await fillAndSubmit(page, demo, form, tab, tab.wrong);
          await expectError(widget, tab.wrong.expectedCode);
          await fillAndSubmit(page, demo, form, tab, tab.accounts[0]!);
          await expectSignedIn(widget);
          await page.waitForFunction(movedCheck, undefined, { timeout: 15_000 });
          const base = join(artifactsDir, `metrics-chromium-${size.name}-${theme}`);
          // Right after the change (the highlight on), then the panel alone once it faded.
          await page.locator('.metrics-card').screenshot({ path: `${base}-panel-moved.png` });
          await page.waitForTimeout(4500);
          await page.locator('.metrics-card').screenshot({ path: `${base}-panel.png` });
          await page.screenshot({ path: `${base}.png`, fullPage: true });
          expect(statSync(`${base}-panel.png`).size).toBeGreaterThan(10_000);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
            size.viewport.width,
          );
        } finally {
          await context.close();
        }
      });

      it(`Firefox, ${size.name}, ${theme}`, async () => {
        const tab = await passwordTab();
        const context = await firefox.createBrowserContext();
        try {
          const page = await context.newPage();
          await page.setViewport({ ...size.viewport, isMobile: size.isMobile, deviceScaleFactor: 1 });
          await page.goto(`${demo.url}?preset=${presetId}&theme=${theme}`);
          await page.waitForFunction(
            () =>
              document.querySelector('auth-login')?.shadowRoot?.querySelector('section[aria-busy="false"]') &&
              document.getElementById('metrics-state')?.dataset.state === 'live',
            { timeout: 15_000 },
          );
          await firefoxSignIn(page, tab, tab.wrong);
          await page.waitForFunction(
            (text: string) => document.querySelector('auth-login')?.shadowRoot?.textContent?.includes(text),
            { timeout: 10_000 },
            ERROR_TEXT[tab.wrong.expectedCode]!,
          );
          await firefoxSignIn(page, tab, tab.accounts[0]!);
          await page.waitForFunction(() => document.querySelector('auth-login')?.shadowRoot?.querySelector('#who'), {
            timeout: 10_000,
          });
          await page.waitForFunction(movedCheck, { timeout: 15_000 });
          const base = join(artifactsDir, `metrics-firefox-${size.name}-${theme}`);
          await new Promise((r) => setTimeout(r, 4500)); // the highlight fades
          const card = await page.$('.metrics-card');
          await card!.screenshot({ path: `${base}-panel.png` });
          await page.screenshot({ path: `${base}.png`, fullPage: true });
          expect(statSync(`${base}-panel.png`).size).toBeGreaterThan(10_000);
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

/** Types the identifier and secret into the widget's visible panel by their labels, then presses Sign in. */
async function firefoxSignIn(page: FirefoxPage, tab: PresetTab, account: { identifier: string; secret: string }) {
  const fields = [
    [tab.identifierLabel, account.identifier],
    [tab.secretLabel, account.secret],
  ] as const;
  for (const [label, value] of fields) {
    if (!label) continue;
    const input = await page.waitForFunction(
      (name: string) => {
        const root = document.querySelector('auth-login')?.shadowRoot;
        const scope = root?.querySelector('.panel:not([hidden])') ?? root;
        const l = [...(scope?.querySelectorAll('label') ?? [])].find((e) => e.textContent?.trim() === name);
        return l && root ? root.getElementById(l.htmlFor) : null;
      },
      { timeout: 10_000 },
      label,
    );
    const field = input as unknown as import('puppeteer-core').ElementHandle<HTMLInputElement>;
    await field.evaluate((e) => (e.value = ''));
    await field.type(value);
  }
  const button = await page.waitForFunction(
    () => {
      const root = document.querySelector('auth-login')?.shadowRoot;
      const scope = root?.querySelector('.panel:not([hidden])') ?? root;
      return [...(scope?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Sign in') ?? null;
    },
    { timeout: 10_000 },
  );
  await (button as unknown as import('puppeteer-core').ElementHandle<HTMLButtonElement>).click();
}
