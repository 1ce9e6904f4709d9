/**
 * Behaviours where the real Authing may differ from what the notes guess, each against the
 * simulator knob for every plausible alternative (docs/protocols/unconfirmed-behaviours.md):
 * login-failure detection per client IP, numeric usernames, and the debug line of the exchange.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  authingDemoAccounts,
  startAuthingSimulator,
  type AuthingAccount,
  type RunningAuthingSimulator,
} from '@auth-login/simulators';
import type { Connector, ConnectorLogger, VerifyOutcome } from '../connector.js';
import { authingConfigSchema, createAuthingConnector } from './index.js';

const quiet: ConnectorLogger = { debug() {}, info() {}, warn() {}, error() {} };
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const NUMERIC: AuthingAccount = {
  identifier: '20240001',
  secret: 'authing-password5',
  note: 'numeric username',
  id: '5f9d0a1b2c3d4e5f6a7b8c09',
  username: '20240001',
  password: 'authing-password5',
};

async function start(opts: Parameters<typeof startAuthingSimulator>[0] = {}): Promise<RunningAuthingSimulator> {
  const sim = await startAuthingSimulator(opts);
  open.push(sim);
  return sim;
}
function connect(sim: RunningAuthingSimulator, extra: Record<string, unknown> = {}, logger = quiet): Connector {
  const c = createAuthingConnector(
    authingConfigSchema.parse({ appHost: sim.url, appId: sim.appId, timeout: '2s', ...extra }),
    { logger },
  );
  open.push(c);
  return c;
}
const ctx = (clientIp?: string) => ({ signal: AbortSignal.timeout(5_000), ...(clientIp ? { clientIp } : {}) });
const reasonOf = (o: VerifyOutcome) => (o.ok ? 'ok' : o.reason);

describe('authing: login-failure detection by client IP (simulator captchaBy)', () => {
  it('captchaBy clientIp: one IP tripping the captcha does not put it in front of another IP', async () => {
    const sim = await start({ captchaAfterFailures: 2, captchaBy: 'clientIp' });
    const c = connect(sim);
    const wrong = { identifier: 'ada@example.com', password: 'nope-nope' };
    const right = { identifier: 'grace', password: 'authing-password2' };
    expect(reasonOf(await c.password!(wrong, ctx('203.0.113.7')))).toBe('invalid_credentials');
    expect(reasonOf(await c.password!(wrong, ctx('203.0.113.7')))).toBe('invalid_credentials');
    // The attacker's IP now needs a captcha, for any account...
    expect(reasonOf(await c.password!(right, ctx('203.0.113.7')))).toBe('captcha_required');
    // ...but another end user, behind the same BFF, does not.
    expect(reasonOf(await c.password!(right, ctx('198.51.100.20')))).toBe('ok');
  });

  it('captchaBy clientIp without a clientIp: every user shares the BFF address (what the fix prevents)', async () => {
    const sim = await start({ captchaAfterFailures: 2, captchaBy: 'clientIp' });
    const c = connect(sim);
    const wrong = { identifier: 'ada@example.com', password: 'nope-nope' };
    await c.password!(wrong, ctx());
    await c.password!(wrong, ctx());
    expect(reasonOf(await c.password!({ identifier: 'grace', password: 'authing-password2' }, ctx()))).toBe(
      'captcha_required',
    );
  });

  it('captchaBy identifier: the captcha follows the account, whatever the IP', async () => {
    const sim = await start({ captchaAfterFailures: 2, captchaBy: 'identifier' });
    const c = connect(sim);
    const wrong = { identifier: 'ada@example.com', password: 'nope-nope' };
    await c.password!(wrong, ctx('203.0.113.7'));
    await c.password!(wrong, ctx('203.0.113.8'));
    const ada = { identifier: 'ada@example.com', password: 'authing-password1' };
    expect(reasonOf(await c.password!(ada, ctx('198.51.100.20')))).toBe('captcha_required');
    expect(
      reasonOf(await c.password!({ identifier: 'grace', password: 'authing-password2' }, ctx('203.0.113.7'))),
    ).toBe('ok');
  });

  it('the captcha answer goes back to the login that asked for it, with the clientIp', async () => {
    const sim = await start({
      captchaAfterFailures: 1,
      captchaBy: 'clientIp',
      accounts: [...authingDemoAccounts, NUMERIC],
    });
    const c = connect(sim);
    await c.password!({ identifier: '20240001', password: 'wrong-wrong' }, ctx('203.0.113.9'));
    // The phone login asks first; once solved it says "no such user", and the username login (whose
    // failure counter the 2004 raised) may ask again: at most two images, then signed in.
    let outcome = await c.password!({ identifier: '20240001', password: 'authing-password5' }, ctx('203.0.113.9'));
    let images = 0;
    while (!outcome.ok && outcome.reason === 'captcha_required' && images < 3) {
      images++;
      outcome = await c.password!(
        { identifier: '20240001', password: 'authing-password5', captcha: sim.lastCaptcha! },
        { ...ctx('203.0.113.9'), state: outcome.state! },
      );
    }
    expect(outcome.ok).toBe(true);
    expect(images).toBeGreaterThanOrEqual(1);
    expect(images).toBeLessThanOrEqual(2);
  });
});

describe('authing: numeric identifiers (numericIdentifier)', () => {
  const accounts = [...authingDemoAccounts, NUMERIC];

  it('phone-then-username (default): a numeric username signs in; phones still do', async () => {
    const sim = await start({ accounts });
    const c = connect(sim);
    const from = sim.calls.length;
    const o = await c.password!({ identifier: '20240001', password: 'authing-password5' }, ctx('203.0.113.1'));
    expect(o.ok && o.user.id).toBe(NUMERIC.id);
    expect(sim.calls.slice(from).map((x) => x.kind)).toEqual([
      expect.stringMatching(/GET \/api\/v2\/.well-known|POST \/graphql\/v2 loginByPhonePassword/),
      ...(sim.calls.length - from === 3 ? [expect.stringMatching(/loginByPhonePassword/) as unknown] : []),
      'POST /graphql/v2 loginByUsername',
    ]);
    const phone = await c.password!({ identifier: '+8613800138000', password: 'authing-password1' }, ctx());
    expect(phone.ok).toBe(true);
    // A wrong password for the numeric username is a plain wrong credential.
    expect(reasonOf(await c.password!({ identifier: '20240001', password: 'nope-nope' }, ctx()))).toBe(
      'invalid_credentials',
    );
    // A wrong password for a known phone does NOT fall back (2333, not 2004).
    const before = sim.calls.length;
    expect(reasonOf(await c.password!({ identifier: '+8613800138000', password: 'nope-nope' }, ctx()))).toBe(
      'invalid_credentials',
    );
    expect(sim.calls.slice(before).map((x) => x.kind)).toEqual(['POST /graphql/v2 loginByPhonePassword']);
  });

  it('phone: a numeric username gets the uniform invalid_credentials', async () => {
    const sim = await start({ accounts });
    const o = await connect(sim, { numericIdentifier: 'phone' }).password!(
      { identifier: '20240001', password: 'authing-password5' },
      ctx(),
    );
    expect(reasonOf(o)).toBe('invalid_credentials');
  });

  it('username: digits go straight to loginByUsername', async () => {
    const sim = await start({ accounts });
    const c = connect(sim, { numericIdentifier: 'username' });
    const o = await c.password!({ identifier: '20240001', password: 'authing-password5' }, ctx());
    expect(o.ok).toBe(true);
    expect(sim.calls.some((x) => x.kind.endsWith('loginByPhonePassword'))).toBe(false);
  });
});

describe('authing: the debug line of the exchange', () => {
  it('shows the login input with clientIp, never the password or the captcha answer', async () => {
    const sim = await start({ scenario: 'ok' });
    const lines: string[] = [];
    const logger = { ...quiet, debug: (obj: object, msg?: string) => void lines.push(JSON.stringify({ obj, msg })) };
    const c = connect(sim, {}, logger);
    await c.password!({ identifier: 'ada@example.com', password: 'Sekrit-Pass-991' }, ctx('203.0.113.5'));
    await c.password!(
      { identifier: 'ada@example.com', password: 'Sekrit-Pass-992', captcha: 'CAPX9' },
      ctx('203.0.113.5'),
    );
    await c.sendPhoneCode!({ phone: '+8613800138000' }, ctx());
    const code = sim.outbox.at(-1)!.code;
    await c.phone!({ phone: '+8613800138000', code }, ctx('203.0.113.5'));
    const text = lines.join('\n');
    expect(text).toContain('authing-request');
    expect(text).toContain('203.0.113.5');
    for (const secret of ['Sekrit-Pass-991', 'Sekrit-Pass-992', 'CAPX9', `"code":"${code}"`]) {
      expect(text.includes(secret), secret).toBe(false);
    }
  });
});
