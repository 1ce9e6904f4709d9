/**
 * An address with no OpenIAM account must not become a session just because OpenIAM sent it a
 * code: the simulator can accept or refuse such sends (unconfirmed), and the connector follows the
 * operator's `addresses` policy under both. Also: wrong codes as HTTP 200 or 4xx, the user id
 * from a send answer, and the masked debug lines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenIamSimulator, type RunningSimulator } from '@auth-login/simulators';
import type { Connector, ConnectorLogger, VerifyOutcome } from '../connector.js';
import { openiamConfigSchema } from './config.js';
import { createOpenIamConnector } from './connector.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});
const quiet: ConnectorLogger = { debug() {}, info() {}, warn() {}, error() {} };
const ctx = () => ({ signal: AbortSignal.timeout(5_000) });
async function start(o: Parameters<typeof startOpenIamSimulator>[0] = {}): Promise<RunningSimulator> {
  const sim = await startOpenIamSimulator({ port: 0, ...o });
  open.push(sim);
  return sim;
}
function connect(sim: RunningSimulator, addresses: Record<string, unknown> | undefined, logger = quiet): Connector {
  const c = createOpenIamConnector(openiamConfigSchema.parse({ url: sim.url, ...(addresses ? { addresses } : {}) }), {
    logger,
  });
  open.push(c);
  return c;
}
/** Send to `identifier`, then check with whatever code the simulator delivered (if any). */
async function signIn(sim: RunningSimulator, c: Connector, identifier: string): Promise<VerifyOutcome> {
  const before = sim.outbox.length;
  const sent = await c.sendOtpCode!({ identifier }, ctx());
  expect(sent.ok).toBe(true);
  const code = sim.outbox.length > before ? sim.outbox.at(-1)!.code : '123456';
  return c.otp!({ identifier, otp: code }, { ...ctx(), state: sent.state! });
}

describe.each(['refuse', 'accept'] as const)('simulator unknownAddresses=%s', (unknownAddresses) => {
  it('default policy (none): nothing is sent to any address, with a warning at start-up', async () => {
    const sim = await start({ unknownAddresses });
    const warnings: string[] = [];
    const c = connect(sim, undefined, { ...quiet, warn: (_o, m) => void warnings.push(m ?? '') });
    expect(warnings.join()).toMatch(/no `addresses` policy/);
    const o = await signIn(sim, c, 'olivia@example.com');
    expect(o).toMatchObject({ ok: false, reason: 'invalid_code' });
    expect(sim.outbox).toHaveLength(0);
  });

  it('allowlist: an unknown address outside it gets nothing sent and never verifies', async () => {
    const sim = await start({ unknownAddresses });
    const c = connect(sim, { emailDomains: ['example.com'] });
    const o = await signIn(sim, c, 'stranger@elsewhere.test');
    expect(o.ok).toBe(false);
    expect(sim.outbox).toHaveLength(0);
    expect(sim.calls.some((x) => x.kind.includes('send-verification-code-by-email'))).toBe(false);
    // A known address in the allowed domain signs in.
    expect((await signIn(sim, c, 'olivia@example.com')).ok).toBe(true);
  });

  it('trustUpstream: safe only when OpenIAM refuses unknown addresses', async () => {
    const sim = await start({ unknownAddresses });
    const c = connect(sim, { trustUpstream: true });
    const o = await signIn(sim, c, 'stranger@elsewhere.test');
    // With `accept`, an address without an account becomes a session: why trustUpstream is opt-in.
    expect(o.ok).toBe(unknownAddresses === 'accept');
  });
});

describe.each([200, 400, 401] as const)('wrong codes answered as HTTP %i', (wrongCodeStatus) => {
  it('a wrong code is invalid_code (the body decides), the right one signs in', async () => {
    const sim = await start({ wrongCodeStatus });
    const c = connect(sim, { emailDomains: ['example.com'] });
    const sent = await c.sendOtpCode!({ identifier: 'olivia@example.com' }, ctx());
    const code = sim.outbox.at(-1)!.code;
    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      await c.otp!({ identifier: 'olivia@example.com', otp: wrong }, { ...ctx(), state: sent.state! }),
    ).toMatchObject({ ok: false, reason: 'invalid_code' });
    const right = await c.otp!({ identifier: 'olivia@example.com', otp: code }, { ...ctx(), state: sent.state! });
    expect(right.ok).toBe(true);
  });
});

it('a user id in the send answer becomes the session user id', async () => {
  const sim = await start({ userIdInSend: true });
  const c = connect(sim, { phonePrefixes: ['+1555'] });
  const sent = await c.sendPhoneCode!({ phone: '+15551234567' }, ctx());
  const o = await c.phone!({ phone: '+15551234567', code: sim.outbox.at(-1)!.code }, { ...ctx(), state: sent.state! });
  expect(o.ok).toBe(true);
  if (o.ok) {
    expect(o.user.id).not.toBe('+15551234567');
    expect(o.user.phone).toBe('+15551234567');
  }
});

it('the debug lines show the exchange with address, code and moving factor masked', async () => {
  const sim = await start();
  const lines: string[] = [];
  const c = connect(
    sim,
    { trustUpstream: true },
    { ...quiet, debug: (o, m) => void lines.push(JSON.stringify([o, m])) },
  );
  const sent = await c.sendOtpCode!({ identifier: 'olivia@example.com' }, ctx());
  const code = sim.outbox.at(-1)!.code;
  await c.otp!({ identifier: 'olivia@example.com', otp: code }, { ...ctx(), state: sent.state! });
  const text = lines.join('\n');
  expect(text).toContain('openiam-request');
  expect(text).toContain('openiam-answer');
  const factor = String((sent.state as { movingFactor: string }).movingFactor);
  for (const secret of [code, factor, 'olivia@example.com']) expect(text.includes(secret), secret).toBe(false);
});
