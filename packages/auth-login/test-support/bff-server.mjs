// The BFF the widget's browser tests talk to: the real @auth-login/bff (built: packages/bff/dist),
// configured for plain-HTTP localhost and given the stub connectors of stub-connectors.mjs through
// createBff's `connectors` testing seam. Mounted as dev-server middleware by web-test-runner.config.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stubConnectors } from './stub-connectors.mjs';

const bffDist = fileURLToPath(new URL('../../bff/dist/', import.meta.url));
const simulatorsDist = fileURLToPath(new URL('../../simulators/dist/', import.meta.url));

/** Test limits: 3 failures lock an account; a code may be re-sent after 3 s. */
export const LIMITS = { failures: 3, resendAfter: 3 };
/** The /step deployment's resend delay of a second-step code, in seconds. */
export const STEP_RESEND_AFTER = 2;
/** The /short deployment's session lifetime. */
export const SHORT_SESSION_SECONDS = 2;

/** The /fr deployment's Authing account: a French mobile, stored as Authing stores it (national + code). */
export const FR_ACCOUNT = {
  identifier: '+33612345678',
  secret: '',
  note: 'Authing (widget tests): phone-code only, a French mobile',
  id: '5f9d0a1b2c3d4e5f6a7b8c33',
  phone: '612345678',
  phoneCountryCode: '+33',
  nickname: 'Camille',
};
/** The /fr deployment's config `phone`. */
export const FR_PHONE = { defaultCountry: 'BE', countries: ['FR', 'BE', 'CH'] };
/** GET: the SMS the /fr deployment's Authing simulator has "sent", `[{to, code}]`, oldest first. */
export const FR_OUTBOX = '/sim/fr/outbox';

export async function startTestBff({ origin, quiet = true }) {
  const methods = {
    password: { connector: 'pw' },
    phone: { connector: 'sms' },
    otp: { connector: 'otp' },
    token: { connector: 'pw' },
  };
  if (!existsSync(`${bffDist}index.js`)) {
    throw new Error(
      'packages/bff/dist is missing: build the BFF first (cd packages/bff && npx tsc -p tsconfig.build.json)',
    );
  }
  const { createBff, UpstreamError } = await import(`${bffDist}index.js`);
  const connectors = stubConnectors(UpstreamError);
  const common = {
    allowedOrigins: [origin],
    limits: {
      perAccount: { failures: LIMITS.failures, window: '15m', lock: '15m' },
      perIp: { failures: 100, window: '15m', lock: '15m' },
      codeSend: { perDestination: 5, perIp: 100, window: '15m', resendAfter: `${LIMITS.resendAfter}s` },
      // Timing masking holds every refusal and code send to the p95 of recent answers: the stubs'
      // deliberately slow users (1-1.5 s, for the busy states) would make every later one wait as
      // long. The BFF's own tests cover it (security/response-floor.test.ts); these test the widget.
      responseFloor: { enabled: false },
    },
  };
  // The BFF's JSON logs would drown the test output; `quiet: false` shows them.
  const options = { connectors, throttleDelayMs: 5, ...(quiet ? { logger: { write() {} } } : {}) };
  const secret = 'auth-login-widget-tests-only-secret-0123456789';
  const bffs = [
    // /auth: all four tabs.
    createBff(
      { ...common, basePath: '/auth', session: { secrets: [secret], cookie: { secure: false } }, methods },
      options,
    ),
    // /hw: a second deployment with one method, a hardware-token OTP (DIGIPASS-like: no code to send).
    createBff(
      {
        ...common,
        basePath: '/hw',
        session: { secrets: [secret], cookie: { name: 'hw-auth', secure: false } },
        methods: { otp: { connector: 'hw' } },
      },
      options,
    ),
    // /short: sessions that end 2 s after sign-in (idle and absolute), for the session-expiry tests.
    createBff(
      {
        ...common,
        basePath: '/short',
        session: {
          secrets: [secret],
          idleTimeout: `${SHORT_SESSION_SECONDS}s`,
          absoluteTimeout: `${SHORT_SESSION_SECONDS}s`,
          cookie: { name: 'short-auth', secure: false },
        },
        methods: { token: { connector: 'pw' } },
      },
      options,
    ),
    // /foreign: a deployment whose allowedOrigins do not list the test page (a misconfigured site):
    // every POST from the page is refused with 403 csrf_rejected.
    createBff(
      {
        ...common,
        allowedOrigins: ['https://elsewhere.example'],
        basePath: '/foreign',
        session: { secrets: [secret], cookie: { name: 'foreign-auth', secure: false } },
        methods: { token: { connector: 'pw' } },
      },
      options,
    ),
    // /step: the second step (mfa_required with a challenge → POST /mfa, /mfa/code) and sign-in notices,
    // from the `step` stub connector. Its own, looser account limits: the tests start many steps for the
    // same few accounts (each first step counts as an attempt); a code may be re-sent after 2 s.
    createBff(
      {
        ...common,
        basePath: '/step',
        limits: {
          perAccount: { failures: 100, window: '15m', lock: '15m' },
          // The default ceiling (20 unknown-client attempts per account) would stop the screenshot runs.
          accountCeiling: { failures: 1000, window: '15m' },
          responseFloor: { enabled: false },
          perIp: { failures: 100, window: '15m', lock: '15m' },
          codeSend: { perDestination: 100, perIp: 100, window: '15m', resendAfter: `${STEP_RESEND_AFTER}s` },
        },
        session: { secrets: [secret], cookie: { name: 'step-auth', secure: false } },
        methods: { password: { connector: 'step' } },
      },
      options,
    ),
  ];
  // /bw: the project's first vertical slice through REAL parts: the broadworks-oci connector over
  // TCP to the BroadWorks simulator (admin login, then AuthenticationVerifyRequest22V4).
  const {
    startBroadworksSimulator,
    defaultBroadworksAccounts,
    startDigipassSimulator,
    DIGIPASS_DEMO_API_KEY,
    startAuthingSimulator,
  } = await import(`${simulatorsDist}index.js`);
  const admin = defaultBroadworksAccounts.find((a) => a.admin);
  const broadworks = await startBroadworksSimulator({ port: 0 });
  bffs.push(
    createBff(
      {
        ...common,
        basePath: '/bw',
        session: { secrets: [secret], cookie: { name: 'bw-auth', secure: false } },
        methods: { password: { connector: 'bw' } },
        connectors: {
          bw: {
            type: 'broadworks-oci',
            transport: 'tcp',
            host: broadworks.host,
            port: broadworks.port,
            tls: false,
            adminUserId: admin.userId,
            adminPassword: admin.password,
            // slice.test.ts signs in with a phone number + passcode too (off by default).
            passcodeLogin: true,
          },
        },
      },
      { throttleDelayMs: 5, ...(quiet ? { logger: { write() {} } } : {}) },
    ),
  );
  // /dp: the OTP tab through REAL parts: the digipass-gateway connector, configured with a default
  // domain (so GET /config offers the Domain field), over HTTP to the DIGIPASS simulator.
  const digipass = await startDigipassSimulator({ port: 0 });
  bffs.push(
    createBff(
      {
        ...common,
        basePath: '/dp',
        session: { secrets: [secret], cookie: { name: 'dp-auth', secure: false } },
        methods: { otp: { connector: 'dp' } },
        connectors: {
          dp: { type: 'digipass-gateway', url: digipass.url, apiKey: DIGIPASS_DEMO_API_KEY, domain: 'mydomain.com' },
        },
      },
      { throttleDelayMs: 5, ...(quiet ? { logger: { write() {} } } : {}) },
    ),
  );
  // /au: the second step through REAL parts: the authing connector over HTTP to the Authing simulator,
  // whose MFA account (mia@example.com / authing-password4) answers 1635 with an mfaToken, then TOTP 123456.
  const authing = await startAuthingSimulator({ port: 0 });
  bffs.push(
    createBff(
      {
        ...common,
        basePath: '/au',
        session: { secrets: [secret], cookie: { name: 'au-auth', secure: false } },
        methods: { password: { connector: 'au' } },
        connectors: {
          au: { type: 'authing', appHost: authing.url, appId: authing.appId, userPoolId: authing.userPoolId },
        },
      },
      { throttleDelayMs: 5, ...(quiet ? { logger: { write() {} } } : {}) },
    ),
  );
  // /fr: a French site's phone sign-in through REAL parts: the authing connector over HTTP to an
  // Authing simulator with one French account (+33 6 12 34 56 78, phone-code only); its password tab
  // (a stub) takes a phone number only, so both tabs show the country selector. Config `phone`: FR_PHONE. FR_OUTBOX is where
  // the tests read the SMS the simulator "sent" (and so the number that reached it).
  const authingFr = await startAuthingSimulator({ port: 0, accounts: [FR_ACCOUNT] });
  bffs.push(
    createBff(
      {
        ...common,
        basePath: '/fr',
        // Belgian by default (GET /config → phone.defaultCountry wins over the page's language);
        // numbers of these three countries only (the selector lists them, the BFF refuses others).
        phone: FR_PHONE,
        session: { secrets: [secret], cookie: { name: 'fr-auth', secure: false } },
        methods: { phone: { connector: 'au' }, password: { connector: 'tel' } },
        connectors: {
          au: { type: 'authing', appHost: authingFr.url, appId: authingFr.appId, userPoolId: authingFr.userPoolId },
        },
      },
      { ...options, connectors: { tel: connectors.tel } },
    ),
  );
  const bffMiddleware = bffs.reduceRight(
    (next, bff) => (ctx, after) => bff(ctx, () => next(ctx, after)),
    (ctx, after) => after(),
  );
  const middleware = (ctx, next) => {
    if (ctx.path !== FR_OUTBOX) return bffMiddleware(ctx, next);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = authingFr.outbox.map(({ to, code }) => ({ to, code }));
  };
  return {
    middleware,
    close: async () => {
      await Promise.all(bffs.map((b) => b.close()));
      await Promise.all([broadworks.close(), digipass.close(), authing.close(), authingFr.close()]);
    },
  };
}
