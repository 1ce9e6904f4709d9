#!/usr/bin/env node
// Screenshots of the second sign-in step and of a notice after sign-in, in Chromium AND Firefox,
// light and dark, 320px and desktop, on the strict-CSP page (dist/auth-login.js) against the real
// BFF of bff-server.mjs (its /step deployment: the `step` stub connector of stub-connectors.mjs).
// Usage: node test-support/mfa-screens.mjs [outdir]   (after `node scripts/build.mjs`; outdir
// defaults to $SCREENS_DIR/mfa, else .artifacts/screens/mfa at the repository root)
import { STEP_RESEND_AFTER } from './bff-server.mjs';
import { clickText, fill, inRoot, outDir, shootInBothBrowsers, startPageServer, waitRoot } from './screens-kit.mjs';

const out = outDir('mfa');

const click = (page, text) => clickText(page, 'button', text);
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

const only =
  (env) =>
  ([k]) =>
    !process.env[env] || k === process.env[env];
const site = await startPageServer({ endpoint: '/step' });
const { origin } = site;
try {
  const files = await shootInBothBrowsers({
    name: 'mfa',
    origin,
    out,
    states: Object.fromEntries(Object.entries(states).filter(only('ONLY_S'))),
    widths: Object.fromEntries(Object.entries({ w320: [320, 700], desktop: [1280, 800] }).filter(only('ONLY_W'))),
    ready: (page) => waitRoot(page, (r) => r.querySelector('[aria-busy=false] input[name=username]')),
  });
  console.log(`${files.length} screenshots in ${out}`);
} finally {
  await site.close();
}
