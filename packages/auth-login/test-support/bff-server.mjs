// The BFF the widget's browser tests talk to: the real @auth-login/bff (built: packages/bff/dist),
// configured for plain-HTTP localhost and given the stub connectors of stub-connectors.mjs through
// createBff's `connectors` testing seam. Mounted as dev-server middleware by web-test-runner.config.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stubConnectors } from './stub-connectors.mjs';

const bffDist = fileURLToPath(new URL('../../bff/dist/', import.meta.url));

/** Test limits: 3 failures lock an account; a code may be re-sent after 3 s. */
export const LIMITS = { failures: 3, resendAfter: 3 };

export async function startTestBff({ origin, quiet = true }) {
  const methods = { password: { connector: 'pw' }, phone: { connector: 'sms' }, otp: { connector: 'otp' }, token: { connector: 'pw' } };
  if (!existsSync(`${bffDist}index.js`)) {
    throw new Error('packages/bff/dist is missing: build the BFF first (cd packages/bff && npx tsc -p tsconfig.build.json)');
  }
  const { createBff, UpstreamError } = await import(`${bffDist}index.js`);
  const connectors = stubConnectors(UpstreamError);
  const bff = createBff(
    {
      basePath: '/auth',
      allowedOrigins: [origin],
      session: { secrets: ['auth-login-widget-tests-only-secret-0123456789'], cookie: { secure: false } },
      limits: {
        perAccount: { failures: LIMITS.failures, window: '15m', lock: '15m' },
        perIp: { failures: 100, window: '15m', lock: '15m' },
        codeSend: { perDestination: 5, perIp: 100, window: '15m', resendAfter: `${LIMITS.resendAfter}s` },
      },
      methods,
    },
    // The BFF's JSON logs would drown the test output; `quiet: false` shows them.
    { connectors, throttleDelayMs: 5, ...(quiet ? { logger: { write() {} } } : {}) },
  );
  return { middleware: bff, close: () => bff.close() };
}
