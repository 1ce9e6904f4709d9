import { describe, expect, it } from 'vitest';
import { UpstreamError, type Connector } from '../connector.js';
import { classifyOutcome, createCallPolicy, withCallPolicy } from './call-policy.js';

const fail =
  (kind: 'unavailable' | 'timeout' | 'bad_response' = 'unavailable') =>
  () =>
    Promise.reject(new UpstreamError(kind, 'down'));
const ok = () => Promise.resolve('ok');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const ctx = () => ({ signal: new AbortController().signal });

describe('call policy: circuit breaker', () => {
  it('opens after N consecutive upstream failures, fails fast, probes once after the cool-down', async () => {
    let now = 0;
    let calls = 0;
    const counted = (fn: () => Promise<unknown>) => () => ((calls += 1), fn());
    const policy = createCallPolicy({
      timeoutMs: 5_000,
      breaker: { failureThreshold: 3, coolDownMs: 1000, now: () => now },
    });
    for (const kind of ['unavailable', 'timeout', 'bad_response'] as const) {
      await expect(policy.run(ctx(), counted(fail(kind)))).rejects.toMatchObject({ kind });
    }
    expect(policy.state).toBe('open');
    await expect(policy.run(ctx(), counted(ok))).rejects.toThrow(/circuit open/);
    expect(calls).toBe(3); // the open circuit did not call the upstream

    now = 1000;
    let release!: () => void;
    const probe = policy.run(
      ctx(),
      counted(() => new Promise<string>((r) => (release = () => r('probe')))),
    );
    await new Promise((r) => setImmediate(r)); // the probe is with the upstream now
    expect(policy.state).toBe('half-open');
    await expect(policy.run(ctx(), counted(ok))).rejects.toThrow(/circuit open/); // one probe at a time
    release();
    await expect(probe).resolves.toBe('probe');
    expect(policy.state).toBe('closed');
    await expect(policy.run(ctx(), ok)).resolves.toBe('ok');
  });

  it('a failed probe re-opens it; a success resets the count, a non-upstream error does not count', async () => {
    let now = 0;
    const policy = createCallPolicy({
      timeoutMs: 5_000,
      breaker: { failureThreshold: 2, coolDownMs: 100, now: () => now },
    });
    await expect(policy.run(ctx(), fail())).rejects.toThrow();
    await policy.run(ctx(), ok);
    await expect(policy.run(ctx(), fail())).rejects.toThrow();
    await expect(policy.run(ctx(), () => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
    expect(policy.state).toBe('closed');
    await expect(policy.run(ctx(), fail())).rejects.toThrow();
    expect(policy.state).toBe('open');
    now = 100;
    await expect(policy.run(ctx(), fail())).rejects.toThrow('down');
    expect(policy.state).toBe('open');
    now = 150;
    await expect(policy.run(ctx(), ok)).rejects.toThrow(/circuit open/);
  });

  it('breaker: false (logout) never fails fast and never counts', async () => {
    const policy = createCallPolicy({ timeoutMs: 5_000, breaker: { failureThreshold: 1 } });
    await expect(policy.run(ctx(), fail())).rejects.toThrow('down');
    expect(policy.state).toBe('open');
    await expect(policy.run(ctx(), ok, { breaker: false })).resolves.toBe('ok');
    await expect(policy.run(ctx(), fail(), { breaker: false })).rejects.toThrow('down');
  });
});

describe('call policy: bulkhead', () => {
  it('bounds concurrency, queues up to the limit, refuses beyond, frees a slot on abort', async () => {
    const policy = createCallPolicy({ timeoutMs: 5_000, bulkhead: { maxConcurrent: 2, maxQueue: 1 } });
    const gates: Array<() => void> = [];
    const slow = () => new Promise<void>((r) => gates.push(r));
    const a = policy.run(ctx(), slow);
    const b = policy.run(ctx(), slow);
    const c = policy.run(ctx(), slow); // queued
    await expect(policy.run(ctx(), slow)).rejects.toMatchObject({ kind: 'unavailable' });
    expect([policy.inFlight, policy.queued]).toEqual([2, 1]);
    const controller = new AbortController();
    gates.shift()!(); // a done → c starts
    await a;
    const d = policy.run({ signal: controller.signal }, slow); // queued
    await new Promise((r) => setImmediate(r));
    expect(policy.queued).toBe(1);
    controller.abort();
    await expect(d).rejects.toMatchObject({ kind: 'timeout' });
    expect(policy.queued).toBe(0);
    while (gates.length) gates.shift()!();
    await Promise.all([b, c]);
    await new Promise((r) => setImmediate(r));
    while (gates.length) gates.shift()!();
    expect([policy.inFlight, policy.queued]).toEqual([0, 0]);
  });

  it('a slot is held until the connector settles, even after the caller got its timeout', async () => {
    const policy = createCallPolicy({ timeoutMs: 50, bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
    let finish!: () => void;
    const deaf = () => new Promise<void>((r) => (finish = r)); // ignores its signal
    await expect(policy.run(ctx(), deaf)).rejects.toMatchObject({ kind: 'timeout' });
    await expect(policy.run(ctx(), ok)).rejects.toMatchObject({ kind: 'unavailable' });
    finish();
    await new Promise((r) => setImmediate(r));
    await expect(policy.run(ctx(), ok)).resolves.toBe('ok');
  });
});

describe('call policy: deadline', () => {
  it("the connector's signal aborts at the deadline, and a connector that ignores it still answers timeout", async () => {
    const policy = createCallPolicy({ timeoutMs: 100, breaker: false, bulkhead: false });
    let seen: AbortSignal | undefined;
    const started = performance.now();
    const call = policy.run(ctx(), (c) => {
      seen = c.signal;
      return new Promise<never>(() => {}); // never settles
    });
    await expect(call).rejects.toMatchObject({ kind: 'timeout', message: 'no answer within 100 ms' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(seen?.aborted).toBe(true);
    expect((seen?.reason as DOMException).name).toBe('TimeoutError');
  });

  it("the caller's abort reaches the connector's signal with the caller's reason", async () => {
    const policy = createCallPolicy({ timeoutMs: 5_000 });
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const call = policy.run({ signal: controller.signal }, (c) => ((seen = c.signal), new Promise<never>(() => {})));
    await new Promise((r) => setImmediate(r));
    controller.abort();
    await expect(call).rejects.toMatchObject({ kind: 'timeout', message: 'the caller went away' });
    expect(classifyOutcome(undefined, seen!).clientGone).toBe(true);
  });
});

describe('classifyOutcome', () => {
  it('one function decides: success, upstream fault, client gone, bug', () => {
    const idle = new AbortController().signal;
    const gone = new AbortController();
    gone.abort();
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('t', 'TimeoutError'));
    expect(classifyOutcome(undefined, idle)).toEqual({ kind: undefined, clientGone: false, upstreamFault: false });
    expect(classifyOutcome(new UpstreamError('unavailable', 'x'), idle)).toEqual({
      kind: 'unavailable',
      clientGone: false,
      upstreamFault: true,
    });
    expect(classifyOutcome(new UpstreamError('timeout', 'x'), timedOut.signal)).toMatchObject({ upstreamFault: true });
    expect(classifyOutcome(new UpstreamError('timeout', 'x'), gone.signal)).toEqual({
      kind: 'timeout',
      clientGone: true,
      upstreamFault: false,
    });
    expect(classifyOutcome(new TypeError('bug'), idle)).toEqual({
      kind: 'bad_response',
      clientGone: false,
      upstreamFault: false,
    });
  });
});

describe('withCallPolicy', () => {
  it('wraps only the methods the connector has; a wrong password never opens the circuit', async () => {
    let upstreamCalls = 0;
    const inner: Connector = {
      type: 'fake',
      password() {
        upstreamCalls += 1;
        return Promise.resolve({ ok: false, reason: 'invalid_credentials' });
      },
      async ready() {},
      async close() {},
    };
    const wrapped = withCallPolicy('f', inner, silent, { timeoutMs: 5_000, breaker: { failureThreshold: 2 } });
    expect(typeof wrapped.phone).toBe('undefined');
    for (let i = 0; i < 10; i++) {
      await expect(wrapped.password!({ identifier: 'u', password: 'p' }, ctx())).resolves.toMatchObject({ ok: false });
    }
    expect(upstreamCalls).toBe(10);
    expect(wrapped.policy.state).toBe('closed');
  });

  it('a client that went away does not count against the upstream; a timeout does', async () => {
    const hanging: Connector = {
      type: 'fake',
      password: (_input, c) =>
        new Promise((_, reject) => {
          const fail = () => reject(new UpstreamError('timeout', 'aborted'));
          if (c.signal.aborted) fail();
          else c.signal.addEventListener('abort', fail);
        }),
      async ready() {},
      async close() {},
    };
    const wrapped = withCallPolicy('h', hanging, silent, { timeoutMs: 5_000, breaker: { failureThreshold: 2 } });
    const attempt = async (reason?: unknown) => {
      const controller = new AbortController();
      const call = wrapped.password!({ identifier: 'u', password: 'p' }, { signal: controller.signal });
      await new Promise((r) => setImmediate(r)); // the call is with the upstream now
      controller.abort(reason);
      await expect(call).rejects.toMatchObject({ kind: 'timeout' });
    };
    for (let i = 0; i < 5; i++) await attempt(); // client gone (AbortError)
    expect(wrapped.policy.state).toBe('closed');
    await attempt(new DOMException('t', 'TimeoutError'));
    await attempt(new DOMException('t', 'TimeoutError'));
    expect(wrapped.policy.state).toBe('open');
    // The policy's own deadline counts too.
    const short = withCallPolicy('h2', hanging, silent, { timeoutMs: 30, breaker: { failureThreshold: 2 } });
    for (let i = 0; i < 2; i++) {
      await expect(short.password!({ identifier: 'u', password: 'p' }, ctx())).rejects.toMatchObject({
        kind: 'timeout',
      });
    }
    await new Promise((r) => setImmediate(r));
    expect(short.policy.state).toBe('open');
  });
});
