/**
 * The Metrics panel against the real stack: the demo's BFFs with metrics on (loopback listeners),
 * the demo server's /demo/metrics/<preset> forward, real Chromium. One wrong password and one
 * sign-in move the panel's numbers by exactly that; the scrape it links to says the same.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  availablePreset,
  axeViolations,
  chooseTab,
  expectError,
  expectSignedIn,
  fillAndSubmit,
  openPreset,
  readPresets,
  startDemoAndBrowser,
  stopDemoAndBrowser,
  type Demo,
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

const scrape = async (presetId: string) => {
  const res = await fetch(new URL(`/demo/metrics/${presetId}`, demo.ipUrl));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};

/** One series' value in a scrape (0 when absent, as a counter that never moved). */
function seriesValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const panel = () => page.getByRole('region', { name: 'Metrics' });

/** The Count cell of the Sign-ins row for (method name, outcome words), as a person reads the table. */
function signInCell(method: string, outcome: string) {
  return panel()
    .getByRole('table', { name: 'Sign-ins' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: method, exact: true }) })
    .filter({ has: page.getByRole('cell', { name: outcome, exact: true }) })
    .getByRole('cell')
    .last();
}

async function waitLive(): Promise<void> {
  await expect.poll(() => page.locator('#metrics-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
}

describe('the demo server forwards each BFF’s scrape, and only there', () => {
  it('serves /demo/metrics/<preset> from the BFF’s loopback listener; the BFF API has no metrics', async () => {
    for (const preset of (await readPresets(demo)).filter((p) => p.available)) {
      const text = await scrape(preset.id);
      expect(text).toContain('# TYPE auth_bff_signins_total counter');
      expect(text).toContain('auth_bff_circuit_state{');
      // Never under the BFF's basePath: the API answers 404 there.
      const api = await fetch(new URL(`/auth/${preset.id}/metrics`, demo.ipUrl));
      expect(api.status).toBe(404);
      expect(await api.text()).not.toContain('auth_bff_');
    }
    expect((await fetch(new URL('/demo/metrics/no-such-preset', demo.ipUrl))).status).toBe(404);
    expect((await fetch(new URL('/demo/metrics/broadworks', demo.ipUrl), { method: 'POST' })).status).toBe(405);
    // The YAML shown for each preset says where its metrics listener is.
    expect(availablePreset(await readPresets(demo), 'broadworks').yaml).toMatch(/metrics:\s+listen:/);
  });
});

describe('the Metrics panel', () => {
  it('one wrong password and one sign-in move it by exactly 1 invalid and 1 success (real BFF, real scrape)', async () => {
    const presetId = 'broadworks';
    const before = await scrape(presetId);
    const success = 'auth_bff_signins_total{method="password",connector="bw",outcome="success"}';
    const invalid = 'auth_bff_signins_total{method="password",connector="bw",outcome="invalid"}';
    const preset = availablePreset(await readPresets(demo), presetId);
    const tab = preset.tabs.find((t) => t.method === 'password')!;

    const widget = await openPreset(page, demo, presetId);
    await waitLive();
    // Every announcement the polite region makes, in order.
    await page.evaluate(() => {
      const w = window as unknown as { announcements: string[] };
      w.announcements = [];
      const region = document.getElementById('metrics-announce')!;
      new MutationObserver(() => w.announcements.push(region.textContent ?? '')).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    // Nothing has moved since the page loaded.
    expect(await panel().locator('.delta').count()).toBe(0);

    const form = await chooseTab(widget, preset, tab);
    await fillAndSubmit(page, demo, form, tab, tab.wrong);
    await expectError(widget, tab.wrong.expectedCode);
    await fillAndSubmit(page, demo, form, tab, tab.accounts[0]!);
    await expectSignedIn(widget, tab.accounts[0]!.signedInAs);

    // The scrape moved by exactly one of each.
    const after = await scrape(presetId);
    expect(seriesValue(after, success) - seriesValue(before, success)).toBe(1);
    expect(seriesValue(after, invalid) - seriesValue(before, invalid)).toBe(1);

    // The panel shows the same: this demo started fresh, so totals are 1, and "+1" since the page loaded.
    const ok = signInCell('Password', 'signed in');
    const wrong = signInCell('Password', 'wrong credential or code');
    await expect.poll(() => ok.textContent(), { timeout: 10_000 }).toBe('1, +1 since the page loaded');
    await expect.poll(() => wrong.textContent(), { timeout: 10_000 }).toBe('1, +1 since the page loaded');
    expect(await ok.locator('.delta').evaluate((e) => getComputedStyle(e).display)).not.toBe('none');
    // No other sign-in row: nothing else was counted.
    expect(await panel().getByRole('table', { name: 'Sign-ins' }).locator('tbody tr').count()).toBe(2);
    // The session it created, and the upstream calls behind both attempts (none failed).
    await expect.poll(() => panel().getByRole('definition').textContent()).toBe('1, +1 since the page loaded');
    const upstream = panel()
      .getByRole('table', { name: 'Upstream calls' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'bw · password', exact: true }) });
    const [calls, failed, average] = await upstream.getByRole('cell').allTextContents();
    expect(Number(calls!.split(',')[0])).toBeGreaterThanOrEqual(2);
    expect(failed).toBe('0');
    expect(average).toMatch(/^\d+(\.\d)? (ms|s)$/);
    const breaker = panel().getByRole('table', { name: 'Circuit breakers' }).getByRole('row', { name: /^bw / });
    expect(await breaker.textContent()).toContain('Closed: calls go through');
    // The last change is highlighted.
    expect(await ok.getAttribute('class')).toContain('moved');

    // One polite summary once changes settle (at most one per burst: the two attempts may be two bursts).
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { announcements: string[] }).announcements.join(' | ')), {
        timeout: 10_000,
      })
      .toContain('Password sign-ins, signed in +1');
    await page.waitForTimeout(3000);
    const announcements = await page.evaluate(() => (window as unknown as { announcements: string[] }).announcements);
    expect(announcements.length).toBeLessThanOrEqual(2);
    expect(announcements.join(' ')).toContain('Password sign-ins, wrong credential or code +1');

    // The raw scrape is a link, reachable by keyboard, and says the same.
    const raw = panel().getByRole('link', { name: 'Raw scrape (Prometheus text)' });
    expect(await raw.getAttribute('href')).toBe(`/demo/metrics/${presetId}`);
    await raw.focus();
    expect(await raw.evaluate((a) => a === document.activeElement && a.tabIndex >= 0)).toBe(true);
    expect(seriesValue(await scrape(presetId), success)).toBe(1);
  });

  it('polls every ~2 s while the tab is visible and stops while it is hidden', async () => {
    const requests: number[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/demo/metrics/virtuozzo') requests.push(Date.now());
    });
    await openPreset(page, demo, 'virtuozzo');
    await waitLive();
    await page.waitForTimeout(4500);
    const visible = requests.length;
    expect(visible).toBeGreaterThanOrEqual(2);
    expect(visible).toBeLessThanOrEqual(5);

    // The tab goes to the background: the Page Visibility API says hidden (headless Chromium keeps
    // every page visible, so the state and its event are set the way the browser would set them).
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await expect.poll(() => page.locator('#metrics-state').getAttribute('data-state')).toBe('paused');
    const atHide = requests.length;
    await page.waitForTimeout(4500);
    expect(requests.length - atHide).toBeLessThanOrEqual(1); // at most one already in flight
    // Back in front: it polls again at once.
    await setVisibility('visible');
    await expect.poll(() => requests.length, { timeout: 5000 }).toBeGreaterThan(atHide + 1);
    await waitLive();
  });

  it('follows the preset picker: another BFF, its own counters', async () => {
    await openPreset(page, demo, 'broadworks');
    await waitLive();
    expect(await panel().getByRole('link', { name: 'Raw scrape (Prometheus text)' }).getAttribute('href')).toBe(
      '/demo/metrics/broadworks',
    );
    await page.getByRole('radio', { name: /^DIGIPASS/ }).check();
    await expect
      .poll(() => panel().getByRole('link', { name: 'Raw scrape (Prometheus text)' }).getAttribute('href'))
      .toBe('/demo/metrics/digipass');
    await waitLive();
    const breakers = panel().getByRole('table', { name: 'Circuit breakers' });
    await expect.poll(() => breakers.getByRole('rowheader').allTextContents()).toEqual(['dp']);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations with numbers shown, and fits 360 px (${theme})`, async () => {
      const small = await browser.newContext({ viewport: { width: 360, height: 800 }, colorScheme: theme });
      try {
        const p = await small.newPage();
        page = p;
        const preset = availablePreset(await readPresets(demo), 'broadworks');
        const tab = preset.tabs.find((t) => t.method === 'password')!;
        const widget = await openPreset(p, demo, 'broadworks', `&theme=${theme}`);
        await waitLive();
        await fillAndSubmit(p, demo, await chooseTab(widget, preset, tab), tab, tab.accounts[0]!);
        await expectSignedIn(widget);
        await panel().getByRole('table', { name: 'Sign-ins' }).waitFor();
        await p.waitForTimeout(4500); // the highlight has faded: contrast is checked on the resting colours
        const violations = await axeViolations(p);
        expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        const box = await panel().boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(360);
      } finally {
        await small.close();
      }
    });
  }
});
