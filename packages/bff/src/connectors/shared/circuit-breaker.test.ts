import { describe, expect, it } from 'vitest';
import { UpstreamError, type Connector } from '../connector.js';
import { Bulkhead, CircuitBreaker } from './circuit-breaker.js';
import { withResilience } from './resilient-connector.js';

const fail =
  (kind: 'unavailable' | 'timeout' | 'bad_response' = 'unavailable') =>
  () =>
    Promise.reject(new UpstreamError(kind, 'down'));
const ok = () => Promise.resolve('ok');
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('CircuitBreaker', () => {
  it('opens after N consecutive upstream failures, fails fast, probes once after the cool-down', async () => {
    let now = 0;
    let calls = 0;
    const counted = (fn: () => Promise<unknown>) => () => ((calls += 1), fn());
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: () => now });
    for (const kind of ['unavailable', 'timeout', 'bad_response'] as const) {
      await expect(breaker.run(counted(fail(kind)))).rejects.toMatchObject({ kind });
    }
    expect(breaker.state).toBe('open');
    await expect(breaker.run(counted(ok))).rejects.toThrow(/circuit open/);
    expect(calls).toBe(3); // the open circuit did not call the upstream

    now = 1000;
    let release!: () => void;
    const probe = breaker.run(counted(() => new Promise<string>((r) => (release = () => r('probe')))));
    expect(breaker.state).toBe('half-open');
    await expect(breaker.run(counted(ok))).rejects.toThrow(/circuit open/); // one probe at a time
    release();
    await expect(probe).resolves.toBe('probe');
    expect(breaker.state).toBe('closed');
    await expect(breaker.run(ok)).resolves.toBe('ok');
  });

  it('a failed probe re-opens it; successes and non-upstream errors reset the count', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 100, now: () => now });
    await expect(breaker.run(fail())).rejects.toThrow();
    await breaker.run(ok);
    await expect(breaker.run(fail())).rejects.toThrow();
    await expect(breaker.run(() => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
    expect(breaker.state).toBe('closed');
    await expect(breaker.run(fail())).rejects.toThrow();
    expect(breaker.state).toBe('open');
    now = 100;
    await expect(breaker.run(fail())).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    now = 150;
    await expect(breaker.run(ok)).rejects.toThrow(/circuit open/);
  });
});

describe('Bulkhead', () => {
  it('bounds concurrency, queues up to the limit, refuses beyond, frees a slot on abort', async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueue: 1 });
    const gates: Array<() => void> = [];
    const slow = () => new Promise<void>((r) => gates.push(r));
    const a = bulkhead.run(slow);
    const b = bulkhead.run(slow);
    const c = bulkhead.run(slow); // queued
    await expect(bulkhead.run(slow)).rejects.toMatchObject({ kind: 'unavailable' });
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([2, 1]);
    const controller = new AbortController();
    gates.shift()!(); // a done → c starts
    await a;
    const d = bulkhead.run(slow, controller.signal); // queued
    controller.abort();
    await expect(d).rejects.toMatchObject({ kind: 'timeout' });
    while (gates.length) gates.shift()!();
    await Promise.all([b, c]);
    await new Promise((r) => setImmediate(r));
    while (gates.length) gates.shift()!();
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([0, 0]);
  });
});

describe('withResilience', () => {
  it('wraps only the methods the connector has; a wrong password never opens the circuit', async () => {
    let upstreamCalls = 0;
    const inner: Connector = {
      type: 'fake',
      async password() {
        upstreamCalls += 1;
        return { ok: false, reason: 'invalid_credentials' };
      },
      async ready() {},
      async close() {},
    };
    const wrapped = withResilience('f', inner, silent, { breaker: { failureThreshold: 2 } });
    expect(wrapped.phone).toBeUndefined();
    const ctx = { signal: new AbortController().signal };
    for (let i = 0; i < 10; i++) {
      await expect(wrapped.password!({ identifier: 'u', password: 'p' }, ctx)).resolves.toMatchObject({ ok: false });
    }
    expect(upstreamCalls).toBe(10);
    expect(wrapped.breaker.state).toBe('closed');
  });

  it('a client that went away does not count against the upstream; a timeout does', async () => {
    const hanging: Connector = {
      type: 'fake',
      password: (_input, ctx) =>
        new Promise((_, reject) => {
          const fail = () => reject(new UpstreamError('timeout', 'aborted'));
          if (ctx.signal.aborted) fail();
          else ctx.signal.addEventListener('abort', fail);
        }),
      async ready() {},
      async close() {},
    };
    const wrapped = withResilience('h', hanging, silent, { breaker: { failureThreshold: 2 } });
    const attempt = async (reason?: unknown) => {
      const controller = new AbortController();
      const call = wrapped.password!({ identifier: 'u', password: 'p' }, { signal: controller.signal });
      await new Promise((r) => setImmediate(r)); // the call is with the upstream now
      controller.abort(reason);
      await expect(call).rejects.toMatchObject({ kind: 'timeout' });
    };
    for (let i = 0; i < 5; i++) await attempt(); // client gone (AbortError)
    expect(wrapped.breaker.state).toBe('closed');
    await attempt(new DOMException('t', 'TimeoutError'));
    await attempt(new DOMException('t', 'TimeoutError'));
    expect(wrapped.breaker.state).toBe('open');
  });
});
