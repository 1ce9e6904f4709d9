import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenIamSimulator, type RunningSimulator } from '@auth-login/simulators';
import { UpstreamError, type Connector, type ConnectorState, type VerifyOutcome } from '../connector.js';
import { openiamConfigSchema } from './config.js';
import { createOpenIamConnector } from './connector.js';
import { withCallPolicy } from '../shared/call-policy.js';

const entries: Array<{ level: string; obj: object; msg?: string }> = [];
const logger = {
  debug: (obj: object, msg?: string) => {
    entries.push({ level: 'debug', obj, ...(msg ? { msg } : {}) });
  },
  info: (obj: object, msg?: string) => {
    entries.push({ level: 'info', obj, ...(msg ? { msg } : {}) });
  },
  warn: (obj: object, msg?: string) => {
    entries.push({ level: 'warn', obj, ...(msg ? { msg } : {}) });
  },
  error: (obj: object, msg?: string) => {
    entries.push({ level: 'error', obj, ...(msg ? { msg } : {}) });
  },
};
const ctx = (state?: ConnectorState) => ({ signal: AbortSignal.timeout(5_000), ...(state ? { state } : {}) });
const OLIVIA = 'olivia@example.com';
const PHONE = '+15551234567';

function failed(outcome: VerifyOutcome) {
  expect(outcome.ok).toBe(false);
  return outcome as Extract<VerifyOutcome, { ok: false }>;
}
async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

describe('openiam connector against the simulator', () => {
  let sim: RunningSimulator;
  const connectors: Connector[] = [];
  const connector = (extra: Record<string, unknown> = {}) => {
    const c = createOpenIamConnector(
      openiamConfigSchema.parse({ url: sim.url, addresses: { trustUpstream: true }, ...extra }),
      { logger },
    );
    connectors.push(c);
    return c;
  };
  const lastCode = () => sim.outbox[sim.outbox.length - 1]!.code;
  const wrong = () => (lastCode() === '000000' ? '111111' : '000000');
  const checks = () => sim.calls.filter((c) => c.kind.endsWith('/check-verification-code')).length;
  const sendEmail = async (c: Connector, identifier = OLIVIA): Promise<ConnectorState> => {
    const sent = await c.sendOtpCode!({ identifier }, ctx());
    expect(sent.ok).toBe(true);
    return sent.state!;
  };

  beforeAll(async () => {
    sim = await startOpenIamSimulator({ port: 0, slowMs: 5_000 });
  });
  afterAll(async () => {
    await Promise.all(connectors.map((c) => c.close()));
    await sim.close();
  });
  beforeEach(() => {
    sim.setScenario('ok');
  });

  it('email OTP: the state keeps factor and destination (never the code); the user is the address', async () => {
    const c = connector();
    const state = await sendEmail(c, '  Olivia@Example.com ');
    expect(state).toMatchObject({
      channel: 'email',
      destination: OLIVIA,
      movingFactor: expect.stringMatching(/^\d+$/) as unknown,
      attempts: 0,
    });
    expect(JSON.stringify(state)).not.toContain(lastCode());
    expect(sim.outbox.at(-1)).toMatchObject({ channel: 'email', to: OLIVIA });
    expect(await c.otp!({ identifier: OLIVIA, otp: lastCode() }, ctx(state))).toEqual({
      ok: true,
      user: { id: OLIVIA, email: OLIVIA, provider: 'openiam' },
    });
  });

  it('phone code: E.164 split into the PhoneBean; any spelling of the same number verifies', async () => {
    const c = connector();
    const sent = await c.sendPhoneCode!({ phone: '+1 (555) 123-4567' }, ctx());
    expect(sim.calls.at(-1)!.summary).toBe('phone=1/555/1234567');
    expect(sent.state).toMatchObject({ channel: 'sms', destination: PHONE });
    expect(await c.phone!({ phone: '555-123-4567', code: lastCode() }, ctx(sent.state))).toEqual({
      ok: true,
      user: { id: PHONE, phone: PHONE, provider: 'openiam' },
    });
  });

  it('a code is single use (the simulator, like OpenIAM, would accept it again)', async () => {
    const c = connector();
    const state = await sendEmail(c);
    const code = lastCode();
    expect((await c.otp!({ identifier: OLIVIA, otp: code }, ctx(state))).ok).toBe(true);
    const before = checks();
    expect(failed(await c.otp!({ identifier: OLIVIA, otp: code }, ctx(state))).reason).toBe('invalid_code');
    expect(checks()).toBe(before);
  });

  it('two concurrent checks of one flow: exactly one wins', async () => {
    const c = connector();
    const state = await sendEmail(c);
    const code = lastCode();
    const results = await Promise.all([0, 1, 2].map(() => c.otp!({ identifier: OLIVIA, otp: code }, ctx(state))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('refuses without calling upstream: no state, another destination, another channel', async () => {
    const c = connector();
    const state = await sendEmail(c);
    const code = lastCode();
    const before = checks();
    expect(failed(await c.otp!({ identifier: OLIVIA, otp: code }, ctx())).reason).toBe('invalid_code');
    expect(failed(await c.otp!({ identifier: 'mallory@example.com', otp: code }, ctx(state))).reason).toBe(
      'invalid_code',
    );
    expect(failed(await c.phone!({ phone: PHONE, code }, ctx(state))).reason).toBe('invalid_code');
    expect(checks()).toBe(before);
    expect((await c.otp!({ identifier: OLIVIA, otp: code }, ctx(state))).ok).toBe(true);
  });

  it('a code from another flow does not verify this one', async () => {
    const c = connector();
    const x = await sendEmail(c);
    const codeX = lastCode();
    const y = await sendEmail(c);
    const codeY = lastCode();
    expect(failed(await c.otp!({ identifier: OLIVIA, otp: codeX }, ctx(y))).reason).toBe('invalid_code');
    expect(codeX === codeY || (await c.otp!({ identifier: OLIVIA, otp: codeY }, ctx(y))).ok).toBe(true);
    expect((await c.otp!({ identifier: OLIVIA, otp: codeX }, ctx(x))).ok).toBe(true);
  });

  it('expires codes after codeTtl without asking upstream', async () => {
    const c = connector({ codeTtl: '150ms' });
    const state = await sendEmail(c);
    await new Promise((r) => setTimeout(r, 200));
    const before = checks();
    expect(failed(await c.otp!({ identifier: OLIVIA, otp: lastCode() }, ctx(state))).reason).toBe('code_expired');
    expect(checks()).toBe(before);
  });

  it('burns the code after maxAttempts wrong guesses, even when the state is not updated', async () => {
    const c = connector({ maxAttempts: 3 });
    const first = await sendEmail(c);
    let state = first;
    for (let i = 1; i <= 3; i++) {
      const out = failed(await c.otp!({ identifier: OLIVIA, otp: wrong() }, ctx(state)));
      expect(out.reason).toBe('invalid_code');
      expect(out.detail).toBe(`upstream CODE_NOT_EQUAL (attempt ${i} of 3)`);
      state = out.state!;
    }
    const before = checks();
    expect(failed(await c.otp!({ identifier: OLIVIA, otp: lastCode() }, ctx(state))).reason).toBe('invalid_code');
    expect(failed(await c.otp!({ identifier: OLIVIA, otp: lastCode() }, ctx(first))).reason).toBe('invalid_code');
    expect(checks()).toBe(before);
  });

  it('maps upstream verdicts: wrong-code → invalid_code, expired-code → code_expired, locked → invalid_code', async () => {
    const c = connector();
    for (const [scenario, reason, name] of [
      ['wrong-code', 'invalid_code', 'CODE_NOT_EQUAL'],
      ['expired-code', 'code_expired', 'CODE_EXPIRED'],
      ['locked', 'invalid_code', 'ACCOUNT_LOCKED'],
    ] as const) {
      sim.setScenario('ok');
      const state = await sendEmail(c);
      sim.setScenario(scenario);
      const out = failed(await c.otp!({ identifier: OLIVIA, otp: lastCode() }, ctx(state)));
      expect(out.reason).toBe(reason);
      expect(out.detail).toContain(name);
    }
  });

  it('sends uniformly to unknown and locked destinations, and those flows never verify', async () => {
    const c = connector();
    const outboxBefore = sim.outbox.length;
    const known = await sendEmail(c);
    const unknown = await sendEmail(c, 'nobody@example.com');
    const locked = await sendEmail(c, 'locked@example.com');
    const notEmail = await sendEmail(c, 'not an email');
    const phone = await c.sendPhoneCode!({ phone: '+15550000000' }, ctx());
    expect(sim.outbox.length).toBe(outboxBefore + 1);
    for (const s of [unknown, locked, notEmail, phone.state!]) {
      expect(Object.keys(s).sort()).toEqual(Object.keys(known).sort());
      expect(s.movingFactor).toBeNull();
    }
    // Verifying one costs one (decoy) upstream check and one attempt, like a real flow (timing, T12).
    const before = checks();
    const out = failed(await c.otp!({ identifier: 'nobody@example.com', otp: '123456' }, ctx(unknown)));
    expect(out.reason).toBe('invalid_code');
    expect(out.detail).toBe('no code was delivered to this destination (attempt 1 of 5)');
    expect(out.state).toMatchObject({ attempts: 1, movingFactor: null });
    expect(checks()).toBe(before + 1);
    expect(JSON.stringify(entries)).not.toMatch(/nobody@example\.com|locked@example\.com/);
  });

  it('5xx with a stack trace → bad_response that leaks neither trace nor context values; the flow survives', async () => {
    const c = connector();
    const state = await sendEmail(c);
    sim.setScenario('5xx');
    // One call at a time: a second call started early would reject before anyone awaits it.
    for (const call of [
      () => c.otp!({ identifier: OLIVIA, otp: lastCode() }, ctx(state)),
      () => c.sendOtpCode!({ identifier: OLIVIA }, ctx()),
    ]) {
      const err = await upstreamError(call());
      expect(err.kind).toBe('bad_response');
      expect(err.message).toMatch(/internal error/i);
      expect(err.message).not.toMatch(/org\.openiam|mail\.corp|SMTP|esb|MailServiceImpl/);
    }
    sim.setScenario('ok');
    expect((await c.otp!({ identifier: OLIVIA, otp: lastCode() }, ctx(state))).ok).toBe(true);
  });

  it("non-JSON → bad_response; 'slow' → timeout within the configured timeout (its call policy)", async () => {
    const c = withCallPolicy('iam', connector({ timeout: '300ms' }), logger, { timeoutMs: 300 });
    sim.setScenario('non-json');
    expect((await upstreamError(c.sendPhoneCode!({ phone: PHONE }, ctx()))).kind).toBe('bad_response');
    sim.setScenario('slow');
    const t0 = performance.now();
    expect(
      (await upstreamError(c.sendOtpCode!({ identifier: OLIVIA }, { signal: new AbortController().signal }))).kind,
    ).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it('logout revokes an upstream token with the OpenIAM cookie, skips when there is none, never throws', async () => {
    const c = connector();
    const revokes = () => sim.calls.filter((x) => x.kind === 'POST /idp/oauth2/revoke').length;
    const before = revokes();
    await c.logout!({}, ctx());
    expect(revokes()).toBe(before);
    const logged = entries.length;
    await c.logout!({ accessToken: 'tok-1', authTokenId: 'tid-1' }, ctx());
    expect(revokes()).toBe(before + 1);
    expect(sim.calls.at(-1)!.summary).toBe('cookie=true');
    // The (strict) simulator accepted the seed-shaped form: no "revoke refused" warning.
    expect(entries.slice(logged).filter((e) => e.level === 'warn')).toEqual([]);
    // A refused revoke (here a 404 from a wrong idpPath) does not throw, but is not silent either.
    await connector({ idpPath: '/not-idp' }).logout!({ accessToken: 'tok-3' }, ctx());
    expect(entries.at(-1)).toMatchObject({ level: 'warn', obj: { status: 404 }, msg: 'openiam: revoke refused' });
    expect(JSON.stringify(entries)).not.toContain('tok-3');
    const dead = createOpenIamConnector(openiamConfigSchema.parse({ url: 'http://127.0.0.1:1' }), { logger });
    await expect(dead.logout!({ accessToken: 'tok-2' }, ctx())).resolves.toBeUndefined();
    await dead.close();
    expect(JSON.stringify(entries)).not.toContain('tok-2');
  });
});

describe('openiamConfigSchema', () => {
  it('applies defaults, parses durations, and is strict', () => {
    expect(openiamConfigSchema.parse({ url: 'http://127.0.0.1:9080' })).toMatchObject({
      timeout: 5_000,
      codeTtl: 300_000,
      maxAttempts: 5,
      defaultCountryCode: '1',
      selfServicePath: '/selfservice',
      idpPath: '/idp',
    });
    expect(openiamConfigSchema.parse({ type: 'openiam', url: 'https://iam', codeTtl: '10m' }).codeTtl).toBe(600_000);
    expect(openiamConfigSchema.safeParse({ url: 'http://x', apiKey: 'k' }).success).toBe(false);
    expect(openiamConfigSchema.safeParse({ url: 'http://x', selfServicePath: 'selfservice/../x' }).success).toBe(false);
    expect(openiamConfigSchema.safeParse({}).success).toBe(false);
  });
});
