/**
 * The status of a failed authUser is unconfirmed: the simulator answers failures as 200, 401 or 500
 * with the same body, and the connector must read the body on each. ready() proves the API key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIGIPASS_DEMO_API_KEY, startDigipassSimulator } from '@auth-login/simulators';
import { UpstreamError, type ConnectorLogger } from '../connector.js';
import { digipassGatewayConfigSchema } from './config.js';
import { createDigipassGatewayConnector } from './connector.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});
const quiet: ConnectorLogger = { debug() {}, info() {}, warn() {}, error() {} };
function connect(url: string, apiKey = DIGIPASS_DEMO_API_KEY, logger = quiet) {
  const c = createDigipassGatewayConnector(
    digipassGatewayConfigSchema.parse({ url, apiKey, domain: 'mydomain.com', timeout: '2s' }),
    { logger },
  );
  open.push(c);
  return c;
}
const ctx = () => ({ signal: AbortSignal.timeout(5_000) });

describe.each([200, 401, 500] as const)('failures answered as HTTP %i with the body', (failureStatus) => {
  it('a wrong OTP is invalid_code, a right one signs in, ready() resolves', async () => {
    const sim = await startDigipassSimulator({ failureStatus });
    open.push(sim);
    const c = connect(sim.url);
    await expect(c.ready(ctx())).resolves.toBeUndefined();
    const wrong = await c.otp!({ identifier: 'dora', otp: '999999' }, ctx());
    expect(wrong).toMatchObject({ ok: false, reason: 'invalid_code' });
    const right = await c.otp!({ identifier: 'dora', otp: '012345' }, ctx());
    expect(right.ok).toBe(true);
  });

  it('a refused API key (401 without resultCodes) is an UpstreamError, and ready() rejects', async () => {
    const sim = await startDigipassSimulator({ failureStatus });
    open.push(sim);
    const c = connect(sim.url, 'not-the-key');
    const e = await c.otp!({ identifier: 'dora', otp: '012345' }, ctx()).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UpstreamError);
    expect((e as UpstreamError).message).toMatch(/API key/);
    await expect(c.ready(ctx())).rejects.toBeInstanceOf(UpstreamError);
  });
});

it('ready() sends no user and no OTP (a probe is never a failed sign-in)', async () => {
  const sim = await startDigipassSimulator();
  open.push(sim);
  await connect(sim.url).ready(ctx());
  expect(sim.calls.at(-1)).toMatchObject({ kind: 'POST /rest/v2/authentication/authUser' });
  expect(sim.calls.at(-1)?.summary).toBeUndefined();
});

it('the debug lines show the request (OTP masked) and the resultCodes, never the OTP or the API key', async () => {
  const sim = await startDigipassSimulator({ failureStatus: 401 });
  open.push(sim);
  const lines: string[] = [];
  const c = connect(sim.url, DIGIPASS_DEMO_API_KEY, {
    ...quiet,
    debug: (o, m) => void lines.push(JSON.stringify([o, m])),
  });
  await c.otp!({ identifier: 'dora', otp: '987123' }, ctx());
  await c.otp!({ identifier: 'dora', otp: '012345' }, ctx());
  const text = lines.join('\n');
  expect(text).toContain('dpgw-request');
  expect(text).toContain('STAT_OTP_INCORRECT');
  for (const secret of [
    '987123',
    '012345',
    DIGIPASS_DEMO_API_KEY,
    Buffer.from(`:${DIGIPASS_DEMO_API_KEY}`).toString('base64'),
  ]) {
    expect(text.includes(secret), secret).toBe(false);
  }
});
