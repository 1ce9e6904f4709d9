#!/usr/bin/env node
// Screenshots of the accessibility states (status line, pending, captcha way out, selected-tab
// marker, tabs wrapping at 320px, signed in) in Chromium AND Firefox (firefox-esr over WebDriver
// BiDi), light and dark, 320px and desktop, on the strict-CSP page with the test BFF.
// Usage: node test-support/a11y-screens.mjs [outdir]   (after `node scripts/build.mjs`; outdir
// defaults to $SCREENS_DIR/a11y, else .artifacts/screens/a11y at the repository root)
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
const out = resolve(
  process.argv[2] ??
    (process.env.SCREENS_DIR ? join(process.env.SCREENS_DIR, 'a11y') : undefined) ??
    fileURLToPath(new URL('../../../.artifacts/screens/a11y', import.meta.url)),
);
mkdirSync(out, { recursive: true });

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";
const types = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css' };
const app = new Koa();
let bff;
app.use(async (ctx, next) => {
  ctx.set('Content-Security-Policy', CSP);
  await next();
});
app.use((ctx, next) => bff.middleware(ctx, next));
app.use(async (ctx) => {
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

// Steps inside the shadow root, by name (puppeteer's pierce selectors work in both browsers).
const inRoot = (page, fn, ...args) =>
  page.evaluate(`(${fn.toString()})(document.querySelector('auth-login').shadowRoot, ...${JSON.stringify(args)})`);
async function fill(page, name, value) {
  const input = await page.waitForSelector(`pierce/.panel:not([hidden]) input[name=${name}]`);
  await input.evaluate((e) => (e.value = ''));
  await input.type(value);
}
const clickText = (page, selector, text) =>
  inRoot(
    page,
    (r, s, t) => [...r.querySelectorAll(s)].find((e) => e.textContent.trim() === t && !e.closest('[hidden]')).click(),
    selector,
    text,
  );
const waitRoot = (page, fn) =>
  page.waitForFunction(`(${fn.toString()})(document.querySelector('auth-login').shadowRoot)`, { timeout: 10000 });
const statusIs = (page, re) =>
  page.waitForFunction(
    `new RegExp(${JSON.stringify(re.source)}).test(document.querySelector('auth-login').shadowRoot.querySelector('.panel:not([hidden]) [role=status]')?.textContent ?? '')`,
    { timeout: 10000 },
  );

let n = 0;
const states = {
  'tabs-en': async () => {},
  'tabs-fr': (page) => page.evaluate(() => (document.documentElement.lang = 'fr')),
  'tabs-zh': (page) => page.evaluate(() => (document.documentElement.lang = 'zh-CN')),
  // A custom accent per scheme, as a site would pick one (the same pair as wcag.test.ts).
  'tab-accent': (page) =>
    page.evaluate(() => {
      const el = document.querySelector('auth-login');
      el.style.setProperty('--auth-login-color-primary', el.theme === 'dark' ? '#f0b429' : '#0a6e31');
    }),
  'captcha-way-out': async (page) => {
    await fill(page, 'username', `captcha-${Date.now()}-${n++}`);
    await fill(page, 'password', 'captcha-password1');
    await clickText(page, 'button', 'Sign in');
    await waitRoot(page, (r) => r.querySelector('[part=captcha-image]')?.naturalWidth > 0);
  },
  'signing-in': async (page) => {
    await fill(page, 'username', 'slow');
    await fill(page, 'password', 'slow-password1');
    await clickText(page, 'button', 'Sign in');
    await statusIs(page, /Signing in/);
  },
  'sending-code': async (page) => {
    await clickText(page, '[role=tab]', 'Phone code');
    await fill(page, 'phone', `+1555${Date.now() % 100000}${n++}999`); // the stub answers after 1 s
    await clickText(page, 'button', 'Send code');
    await statusIs(page, /Sending code/);
  },
  'code-sent': async (page) => {
    await clickText(page, '[role=tab]', 'OTP');
    await fill(page, 'username', `carol+${Date.now()}-${n++}@example.com`); // a fresh address: no 429
    await clickText(page, 'button', 'Send code');
    await statusIs(page, /Code sent/);
  },
  'can-resend': async (page) => {
    await clickText(page, '[role=tab]', 'Phone code');
    await fill(page, 'phone', `+1555${Date.now() % 100000}${n++}`);
    await clickText(page, 'button', 'Send code');
    await statusIs(page, /new code\./);
  },
  'signed-in': async (page) => {
    await fill(page, 'username', 'alice');
    await fill(page, 'password', 'alice-password1');
    await clickText(page, 'button', 'Sign in');
    await waitRoot(page, (r) => r.activeElement?.id === 'who');
  },
};

const widths = { w320: [320, 700], desktop: [1280, 800] };
const files = [];
const launchers = {
  chromium: () => puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs }),
  firefox: (profile) => puppeteer.launch(firefoxLaunchOptions(profile)),
};
try {
  for (const [name, launch] of Object.entries(launchers)) {
    const profile = mkdtempSync(join(tmpdir(), 'a11y-screens-'));
    const browser = await launch(profile);
    try {
      for (const [width, [w, h]] of Object.entries(widths))
        for (const scheme of ['light', 'dark'])
          for (const [state, setup] of Object.entries(states)) {
            if (width === 'desktop' && state.startsWith('tabs-') && state !== 'tabs-en') continue;
            const context = await browser.createBrowserContext();
            const page = await context.newPage();
            await page.setViewport({ width: w, height: h });
            await page.goto(`${origin}/`);
            await page.evaluate((s) => {
              document.querySelector('auth-login').setAttribute('theme', s);
              document.body.style.background = s === 'dark' ? '#0b0d12' : '#f1f3f7';
            }, scheme);
            await waitRoot(page, (r) => r.querySelector('[aria-busy=false] [role=tab]'));
            await setup(page);
            await new Promise((r) => setTimeout(r, 250));
            const file = `${out}/${name}-${width}-${scheme}-${state}.png`;
            await page.screenshot({ path: file });
            files.push(file);
            await context.close();
          }
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
} finally {
  server.close();
  await bff.close();
}
console.log(`${files.length} screenshots in ${out}`);
