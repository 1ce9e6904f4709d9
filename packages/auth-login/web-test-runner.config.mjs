// @web/test-runner in the system Chromium (docs/development.md §3), or with AUTH_LOGIN_BROWSER=firefox in the system Firefox
// (firefox-esr) driven by puppeteer-core over WebDriver BiDi; `pnpm test` runs both, one after the
// other, each with its own BFF (rate limits are per server). The REAL BFF is mounted as dev-server
// middleware, so the element's requests to /auth/* reach it same-origin, over real HTTP.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, chromiumPath, firefoxLaunchOptions } from '../../scripts/find-executable.mjs';
import { startTestBff } from './test-support/bff-server.mjs';

import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const firefox = process.env.AUTH_LOGIN_BROWSER === 'firefox';
const hostname = 'localhost';
const port = await freePort();
const cdpSessions = new WeakMap();
const bff = await startTestBff({ origin: `http://${hostname}:${port}` });

export default {
  files: ['src/**/*.test.ts'],
  hostname,
  port,
  nodeResolve: true,
  // One page at a time: all test files share the browser's cookie jar, hence the BFF session.
  concurrency: 1,
  middleware: [
    // A BFF that cannot be reached: the connection is dropped without an answer.
    (ctx, next) => (ctx.path.startsWith('/unreachable/') ? void ctx.req.socket.destroy() : next()),
    // dist/ as a site that copied dist/auth-login.js but not dist/chunks/ (run the build first).
    (ctx, next) => {
      if (!ctx.path.startsWith('/no-chunks/')) return next();
      if (ctx.path.startsWith('/no-chunks/chunks/')) return void (ctx.status = 404);
      ctx.url = ctx.url.replace('/no-chunks/', '/dist/');
      return next();
    },
    // dist/ on a slow network: the phone fields' chunk (their country selector) arrives after 2 s,
    // the later strings' (with the captcha block) after 3 s.
    async (ctx, next) => {
      if (!ctx.path.startsWith('/slow-chunks/')) return next();
      const delay = /^\/slow-chunks\/chunks\/(phone|en-later)-/.exec(ctx.path)?.[1];
      if (delay) await new Promise((r) => setTimeout(r, delay === 'phone' ? 2000 : 3000));
      ctx.url = ctx.url.replace('/slow-chunks/', '/dist/');
      return next();
    },
    // /odd/<status>/*: the test BFF for reads; every POST answers <status> with an error code the
    // widget does not know and an upstream's own wording, which must never reach the screen.
    (ctx, next) => {
      const m = /^\/odd\/(\d{3})(\/.*)$/.exec(ctx.path);
      if (!m) return next();
      if (ctx.method === 'GET') return ((ctx.url = `/auth${m[2]}${ctx.search}`), next());
      ctx.status = Number(m[1]);
      ctx.body = { error: { code: 'directory_quota_exceeded', message: 'LDAP error 49 (data 52e) from 10.0.0.7' } };
    },
    // The BFF's API description, for the test that every error code it lists has a text in every language.
    (ctx, next) =>
      ctx.path === '/bff-openapi.yaml'
        ? void ((ctx.type = 'text/yaml'), (ctx.body = readFileSync(new URL('../bff/openapi.yaml', import.meta.url))))
        : next(),
    // The phone numbers both normalisers must agree on (the widget's E.164 is tested against it).
    (ctx, next) =>
      ctx.path === '/phone-numbers.json'
        ? void (
            (ctx.type = 'application/json'),
            (ctx.body = readFileSync(new URL('../bff/test/fixtures/phone-numbers.json', import.meta.url)))
          )
        : next(),
    bff.middleware, // /auth (four tabs), /hw (hardware-token OTP only), /bw (real BroadWorks), /step (second step, notices), /foreign, ...
  ],
  plugins: [
    a11ySnapshotPlugin(),
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    { name: 'stop-bff', serverStop: () => bff.close() },
    // emulateMedia of @web/test-runner-commands passes only colour scheme and reduced motion to
    // puppeteer: `forced-colors` ('active' | 'none', Chromium over CDP) is this command.
    {
      name: 'forced-colors',
      async executeCommand({ command, payload, session }) {
        if (command !== 'forced-colors') return undefined;
        const page = session.browser.getPage(session.id);
        // puppeteer's emulateMediaFeatures refuses the name; the CDP call takes it. The emulation
        // lasts as long as its CDP session: one per page, kept.
        if (!cdpSessions.has(page)) cdpSessions.set(page, await page.createCDPSession());
        await cdpSessions
          .get(page)
          .send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: payload }] });
        return true;
      },
    },
  ],
  testFramework: { config: { timeout: 15000 } },
  browsers: [
    firefox
      ? chromeLauncher({
          puppeteer: puppeteerCore,
          launchOptions: ((options) => ({
            ...options,
            // emulateMedia needs CDP: the Firefox run has prefers-reduced-motion throughout, so
            // the still busy indicator is checked there (wcag.test.ts), the spinning one in Chromium.
            extraPrefsFirefox: { ...options.extraPrefsFirefox, 'ui.prefersReducedMotion': 1 },
          }))(firefoxLaunchOptions(mkdtempSync(join(tmpdir(), 'auth-login-firefox-')))),
        })
      : chromeLauncher({
          launchOptions: {
            executablePath: chromiumPath(),
            headless: true,
            args: [
              ...chromiumArgs,
              // Annotates every input autofill parsed (docs/development.md "Checking what Chromium's autofill sees").
              // (the feature flag is needed too when the launcher disables field trials, as here).
              '--show-autofill-type-predictions',
              '--enable-features=AutofillShowTypePredictions',
            ],
          },
        }),
  ],
};
