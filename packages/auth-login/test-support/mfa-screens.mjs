#!/usr/bin/env node
// Screenshots of the second sign-in step and of a notice after sign-in, in Chromium AND Firefox,
// light and dark, 320px and desktop, on the strict-CSP page (dist/auth-login.js) against the real
// BFF of bff-server.mjs (its /step deployment: the `step` stub connector of stub-connectors.mjs).
// Usage: node test-support/mfa-screens.mjs [outdir]   (after `node scripts/build.mjs`; outdir
// defaults to $SCREENS_DIR/mfa, else .artifacts/screens/mfa at the repository root)
import { readFile } from 'node:fs/promises';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import { puppeteerCore as puppeteer } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath, firefoxLaunchOptions } from '../../../scripts/find-executable.mjs';
import { STEP_RESEND_AFTER, startTestBff } from './bff-server.mjs';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(
  process.argv[2] ??
    (process.env.SCREENS_DIR ? join(process.env.SCREENS_DIR, 'mfa') : undefined) ??
    fileURLToPath(new URL('../../../.artifacts/screens/mfa', import.meta.url)),
);
mkdirSync(out, { recursive: true });

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'";
const types = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css' };
const app = new Koa();
/** The test BFF: started once the server's port (its allowed origin) is known. */
let bff;
app.use(async (ctx, next) => {
  ctx.set('Content-Security-Policy', CSP);
  await next();
});
// The BFF's deployments first see only what is theirs (/step/*); the page and its files are served here.
app.use((ctx, next) => (ctx.path.startsWith('/step/') ? bff.middleware(ctx, next) : next()));
app.use(async (ctx) => {
  if (ctx.path === '/') {
    const page = await readFile(`${pkg}test-support/page.html`, 'utf8');
    ctx.type = 'text/html';
    return void (ctx.body = page.replace('<auth-login>', '<auth-login endpoint="/step">'));
  }
  const path = ctx.path;
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

const inRoot = (page, fn, ...args) =>
  page.evaluate(`(${fn.toString()})(document.querySelector('auth-login').shadowRoot, ...${JSON.stringify(args)})`);
const waitRoot = (page, fn) =>
  page.waitForFunction(`(${fn.toString()})(document.querySelector('auth-login').shadowRoot)`, { timeout: 10000 });
async function fill(page, selector, value) {
  const input = await page.waitForSelector(`pierce/${selector}`);
  await input.evaluate((e) => (e.value = ''));
  await input.type(value);
}
const click = (page, text) =>
  inRoot(
    page,
    (r, t) =>
      [...r.querySelectorAll('button')].find((b) => b.textContent.trim() === t && !b.closest('[hidden]')).click(),
    text,
  );
async function signIn(page, user) {
  await fill(page, 'input[name=username]', user);
  await fill(page, 'input[name=password]', 'step-password1');
  await inRoot(page, (r) => r.querySelector('button[type=submit]').click());
}
const toStep = async (page) => {
  await signIn(page, 'mfa-all');
  await waitRoot(page, (r) => r.activeElement?.id === 'title' && r.querySelector('form.step'));
};

const states = {
  'mfa-step': toStep,
  'mfa-code-sent': async (page) => {
    await toStep(page);
    await inRoot(page, (r) => r.querySelectorAll('form.step input[type=radio]')[1].click());
    // The BFF's resend delay is per account and channel, across sessions: let the previous shot's pass.
    await new Promise((r) => setTimeout(r, STEP_RESEND_AFTER * 1000 + 100));
    await click(page, 'Send code');
    await waitRoot(page, (r) => /Code sent/.test(r.querySelector('form.step [role=status]').textContent));
  },
  'mfa-wrong-code': async (page) => {
    await toStep(page);
    await fill(page, 'form.step input[name=code]', '111111');
    await click(page, 'Verify');
    await waitRoot(page, (r) => r.querySelector('form.step [part=error]'));
  },
  'mfa-step-fr': async (page) => {
    await page.evaluate(() => (document.documentElement.lang = 'fr'));
    await waitRoot(page, (r) => r.querySelector('h2').textContent === 'Connexion');
    await signIn(page, 'mfa-all');
    await waitRoot(page, (r) => r.querySelector('form.step') && r.activeElement?.id === 'title');
  },
  'mfa-step-zh': async (page) => {
    await page.evaluate(() => (document.documentElement.lang = 'zh-CN'));
    await waitRoot(page, (r) => r.querySelector('h2').textContent === '登录');
    await signIn(page, 'mfa-all');
    await waitRoot(page, (r) => r.querySelector('form.step') && r.activeElement?.id === 'title');
  },
  notice: async (page) => {
    await signIn(page, 'notice');
    await waitRoot(page, (r) => r.activeElement?.id === 'who' && r.querySelector('[part=notice]'));
  },
  'notice-expired': async (page) => {
    await signIn(page, 'expired');
    await waitRoot(page, (r) => r.activeElement?.id === 'who' && r.querySelector('[part=notice]'));
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
    const profile = mkdtempSync(join(tmpdir(), 'mfa-screens-'));
    const browser = await launch(profile);
    try {
      for (const [width, [w, h]] of Object.entries(widths).filter(
        ([k]) => !process.env.ONLY_W || k === process.env.ONLY_W,
      ))
        for (const scheme of ['light', 'dark'])
          for (const [state, setup] of Object.entries(states).filter(
            ([k]) => !process.env.ONLY_S || k === process.env.ONLY_S,
          )) {
            const context = await browser.createBrowserContext();
            const page = await context.newPage();
            await page.setViewport({ width: w, height: h });
            await page.goto(`${origin}/`);
            await page.evaluate((s) => {
              document.querySelector('auth-login').setAttribute('theme', s);
              document.body.style.background = s === 'dark' ? '#0b0d12' : '#f1f3f7';
            }, scheme);
            await waitRoot(page, (r) => r.querySelector('[aria-busy=false] input[name=username]'));
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
