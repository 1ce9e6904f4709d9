/**
 * The demo's own controls, as a visitor uses them: choosing a preset re-creates the widget
 * against that preset's endpoint; language, theme, accent and radius reach the widget and the
 * embed snippet; the inbox panel shows a code the moment a simulator sends one.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  axeViolations,
  chooseTab,
  openPreset,
  readPresets,
  sendCode,
  startDemoAndBrowser,
  stopDemoAndBrowser,
  type Demo,
  type PresetView,
} from './support.js';

let demo: Demo;
let browser: Browser;
let page: Page;
let presets: PresetView[];

beforeAll(async () => {
  ({ demo, browser } = await startDemoAndBrowser());
  presets = (await readPresets(demo)).filter((p) => p.available);
});
afterAll(() => stopDemoAndBrowser(demo, browser));
beforeEach(async () => {
  page = await browser.newPage();
});
afterEach(async () => {
  await page?.close();
});

describe('the demo controls', () => {
  it('choosing a preset re-creates the widget against its endpoint and shows its accounts', async () => {
    if (presets.length < 2) throw new Error('needs two presets');
    const [first, second] = presets as [PresetView, PresetView];
    await openPreset(page, demo, first.id);
    await page.getByRole('radio', { name: second.label, exact: true }).check();
    await expect.poll(() => page.locator('auth-login').getAttribute('endpoint')).toBe(second.endpoint);
    expect(new URL(page.url()).searchParams.get('preset')).toBe(second.id);
    const accounts = page.getByRole('region', { name: 'Demo accounts' });
    await accounts.getByText(second.tabs[0]!.system).first().waitFor();
    expect(await page.getByRole('radio', { name: second.label, exact: true }).isChecked()).toBe(true);
  });

  it('language, theme, accent and radius reach the widget and the embed snippet', async () => {
    const preset = presets.find((p) => p.tabs.some((t) => t.method === 'password'));
    if (!preset) throw new Error('no password preset');
    const widget = await openPreset(page, demo, preset.id);
    await page.getByLabel('Language').selectOption('fr');
    await widget.getByRole('button', { name: 'Se connecter' }).first().waitFor();
    await page.getByRole('radio', { name: 'Dark' }).check({ force: true });
    await expect.poll(() => widget.getAttribute('theme')).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByLabel('Accent colour').fill('#0f766e');
    await page.getByLabel(/Corner radius/).fill('4');
    await expect
      .poll(() => widget.evaluate((el) => (el as HTMLElement).style.getPropertyValue('--auth-login-color-primary')))
      .toBe('#0f766e');
    expect(await widget.evaluate((el) => (el as HTMLElement).style.getPropertyValue('--auth-login-radius'))).toBe(
      '4px',
    );
    const snippet = await page.getByLabel('Embed snippet').textContent();
    expect(snippet).toContain('lang="fr"');
    expect(snippet).toContain('theme="dark"');
    expect(snippet).toContain('--auth-login-color-primary: #0f766e');
    expect(snippet).toContain('--auth-login-radius: 4px');
    // Text on the picked accent stays readable: white on this dark teal.
    expect(
      await widget.evaluate((el) => (el as HTMLElement).style.getPropertyValue('--auth-login-color-on-primary')),
    ).toBe('#ffffff');
    // The settings are in the URL: a reload keeps them.
    await page.reload();
    await page.locator('auth-login[lang="fr"][theme="dark"]').waitFor();
    await page.locator('auth-login section[aria-busy="false"]').waitFor();
    // A picked accent keeps the page accessible (contrast of the button text included).
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the inbox panel shows a code as soon as a simulator sends it', async () => {
    const preset = presets.find((p) => p.tabs.some((t) => t.delivery === 'inbox'));
    if (!preset) throw new Error('no preset sends codes');
    const tab = preset.tabs.find((t) => t.delivery === 'inbox')!;
    const widget = await openPreset(page, demo, preset.id);
    const panel = await chooseTab(widget, preset, tab);
    await panel.getByLabel(tab.identifierLabel!, { exact: true }).fill(tab.accounts[0]!.identifier);
    await sendCode(panel);
    const inbox = page.getByRole('region', { name: 'Inbox' });
    await inbox
      .getByRole('listitem')
      .filter({ hasText: /\d{4,8}/ })
      .first()
      .waitFor({ timeout: 10_000 });
  });
});
