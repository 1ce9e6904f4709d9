// What the screenshot scripts (screens.mjs, a11y-screens.mjs, lang-screens.mjs, mfa-screens.mjs)
// share: the output folder, the strict-CSP page server with the test BFF, and — for the scripts
// that shoot in Chromium AND Firefox over puppeteer-core — the shadow-root helpers and the loop
// over browsers, widths, schemes and states.
import { readFile } from 'node:fs/promises';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import { puppeteerCore as puppeteer } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath, firefoxLaunchOptions } from '../../../scripts/find-executable.mjs';
import { startTestBff } from './bff-server.mjs';

const pkg = fileURLToPath(new URL('..', import.meta.url));

/** argv[2], else $SCREENS_DIR/<sub>, else .artifacts/screens/<sub> at the repository root (git-ignored). */
export function outDir(sub = '') {
  const out = resolve(
    process.argv[2] ??
      (process.env.SCREENS_DIR ? join(process.env.SCREENS_DIR, sub) : undefined) ??
      fileURLToPath(new URL(`../../../.artifacts/screens/${sub}`, import.meta.url)),
  );
  mkdirSync(out, { recursive: true });
  return out;
}

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";
const types = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css' };

/**
 * test-support/page.html and dist/ under a strict Content-Security-Policy (no 'unsafe-inline', no
 * 'unsafe-eval'), beside the test BFF (bff-server.mjs). With `endpoint`, the page's element talks
 * to that deployment of the BFF only. Resolves `{origin, close}`.
 */
export async function startPageServer({ endpoint } = {}) {
  const app = new Koa();
  let bff; // needs the origin, known once listening
  app.use(async (ctx, next) => {
    ctx.set('Content-Security-Policy', CSP);
    await next();
  });
  app.use((ctx, next) => (!endpoint || ctx.path.startsWith(`${endpoint}/`) ? bff.middleware(ctx, next) : next()));
  app.use(async (ctx) => {
    if (ctx.path === '/' && endpoint) {
      const page = await readFile(`${pkg}test-support/page.html`, 'utf8');
      ctx.type = 'text/html';
      return void (ctx.body = page.replace('<auth-login>', `<auth-login endpoint="${endpoint}">`));
    }
    const path = ctx.path === '/' ? '/test-support/page.html' : ctx.path;
    if (!/^\/(dist|test-support)\/[\w./-]+$/.test(path) || path.includes('..')) return;
    try {
      ctx.body = await readFile(pkg + path.slice(1));
      ctx.type = types[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
    } catch {
      ctx.status = 404;
    }
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  bff = await startTestBff({ origin });
  return {
    origin,
    async close() {
      server.close();
      await bff.close();
    },
  };
}

// Steps inside the shadow root (puppeteer's pierce selectors work in both browsers).
export const inRoot = (page, fn, ...args) =>
  page.evaluate(`(${fn.toString()})(document.querySelector('auth-login').shadowRoot, ...${JSON.stringify(args)})`);
export const waitRoot = (page, fn) =>
  page.waitForFunction(`(${fn.toString()})(document.querySelector('auth-login').shadowRoot)`, { timeout: 10000 });
export async function fill(page, selector, value) {
  const input = await page.waitForSelector(`pierce/${selector}`);
  await input.evaluate((e) => (e.value = ''));
  await input.type(value);
}
/** Clicks the visible element matching `selector` whose text is `text`. */
export const clickText = (page, selector, text) =>
  inRoot(
    page,
    (r, s, t) => [...r.querySelectorAll(s)].find((e) => e.textContent.trim() === t && !e.closest('[hidden]')).click(),
    selector,
    text,
  );

/**
 * Every state in Chromium and Firefox (firefox-esr over WebDriver BiDi), at each width, light and
 * dark: a fresh context per shot, the page loaded and themed, `ready` awaited, the state set up.
 * `skip(width, state)` leaves a combination out. Files are `<browser>-<width>-<scheme>-<state>.png`.
 */
export async function shootInBothBrowsers({ origin, out, states, ready, widths, skip = () => false, name }) {
  const files = [];
  const launchers = {
    chromium: () => puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs }),
    firefox: (profile) => puppeteer.launch(firefoxLaunchOptions(profile)),
  };
  for (const [browserName, launch] of Object.entries(launchers)) {
    const profile = mkdtempSync(join(tmpdir(), `${name}-screens-`));
    const browser = await launch(profile);
    try {
      for (const [width, [w, h]] of Object.entries(widths))
        for (const scheme of ['light', 'dark'])
          for (const [state, setup] of Object.entries(states)) {
            if (skip(width, state)) continue;
            const context = await browser.createBrowserContext();
            const page = await context.newPage();
            await page.setViewport({ width: w, height: h });
            await page.goto(`${origin}/`);
            await page.evaluate((s) => {
              document.querySelector('auth-login').setAttribute('theme', s);
              document.body.style.background = s === 'dark' ? '#0b0d12' : '#f1f3f7';
            }, scheme);
            await ready(page);
            await setup(page);
            await new Promise((r) => setTimeout(r, 250));
            const file = `${out}/${browserName}-${width}-${scheme}-${state}.png`;
            await page.screenshot({ path: file });
            files.push(file);
            await context.close();
          }
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return files;
}
