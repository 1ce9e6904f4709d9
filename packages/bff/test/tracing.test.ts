/**
 * OpenTelemetry traces (docs/operations.md "Tracing") through the real HTTP API against the
 * simulators, spans caught by an in-memory exporter: one SERVER span per request, a CLIENT child
 * per upstream call (connector, type, call, outcome; never a credential, phone number or token),
 * the trace id in the access and audit lines, a client's traceparent honoured only when trusted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startAuthingSimulator,
  startBroadworksSimulator,
  type BroadworksSimulator,
  type RunningAuthingSimulator,
} from '@auth-login/simulators';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { baseConfig, Browser, startBff, type RunningBff } from './support/bff-harness.js';
import { simulatedConnectors } from './support/simulated-connectors.js';

const BW_ALICE = { identifier: 'alice@example.com', password: 'alice-password1' };
const PHONE = '+8613800138000';

let bw: BroadworksSimulator;
let authing: RunningAuthingSimulator;
let bff: RunningBff | undefined;
let exporter: InMemorySpanExporter;
const browsers: Browser[] = [];

function config(tracing?: Record<string, unknown>) {
  return baseConfig({
    methods: { password: { connector: 'bw' }, phone: { connector: 'au' } },
    connectors: simulatedConnectors({ broadworksPort: bw.port, authingUrl: authing.url }),
    ...(tracing ? { tracing } : {}),
  });
}

async function start(tracing?: Record<string, unknown>, traced = true) {
  exporter = new InMemorySpanExporter();
  bff = await startBff(config(tracing), traced ? { spanProcessor: new SimpleSpanProcessor(exporter) } : {});
  return bff;
}
const browser = () => {
  const b = new Browser();
  browsers.push(b);
  return b;
};
const lines = () => bff!.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
const settle = () => new Promise((resolve) => setTimeout(resolve, 50)); // pino's async destination

/** The spans of one trace as `name` → children names, and the tree's root. */
function tree(spans: ReadableSpan[], traceId: string) {
  const mine = spans.filter((s) => s.spanContext().traceId === traceId);
  const root = mine.find((s) => !mine.some((p) => p.spanContext().spanId === s.parentSpanContext?.spanId))!;
  const children = mine.filter((s) => s !== root);
  return { root, children, mine };
}

beforeAll(async () => {
  [bw, authing] = await Promise.all([
    startBroadworksSimulator({ port: 0, soap: false }),
    startAuthingSimulator({ port: 0, appId: 'APP1', userPoolId: 'POOL1' }),
  ]);
});
afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
  await bff?.close();
  bff = undefined;
});
afterAll(async () => {
  await Promise.all([bw?.close(), authing?.close()]);
});

describe('tracing', () => {
  it('a password sign-in over OCI-P: a SERVER span with one CLIENT child, the trace id in the log', async () => {
    await start();
    const res = await browser().post(`${bff!.url}/auth/password`, BW_ALICE);
    expect(res.status).toBe(200);
    await settle();
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    const traceId = spans[0]!.spanContext().traceId;
    const { root, children } = tree(spans, traceId);
    expect(root.name).toBe('POST /auth/password');
    expect(root.kind).toBe(SpanKind.SERVER);
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/auth/password',
      'http.response.status_code': 200,
    });
    expect(children).toHaveLength(1);
    const [upstream] = children;
    expect(upstream!.name).toBe('upstream password');
    expect(upstream!.kind).toBe(SpanKind.CLIENT);
    expect(upstream!.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(upstream!.attributes).toEqual({
      'auth.connector': 'bw',
      'auth.connector.type': 'broadworks-oci',
      'auth.call': 'password',
      'auth.outcome': 'ok',
    });
    // The upstream call lies inside the request.
    expect(upstream!.startTime[0] * 1e9 + upstream!.startTime[1]).toBeGreaterThanOrEqual(
      root.startTime[0] * 1e9 + root.startTime[1],
    );
    const access = lines().find((l) => l.msg === 'request')!;
    const audit = lines().find((l) => l.audit === 'signin.success')!;
    expect(access.traceId).toBe(traceId);
    expect(audit.traceId).toBe(traceId);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toMatch(/alice|password1|adminSecret/);
  });

  it('an Authing phone-code sign-in: code send and sign-in, each a trace with its upstream child', async () => {
    await start();
    const b = browser();
    expect((await b.post(`${bff!.url}/auth/phone/code`, { phone: PHONE })).status).toBe(202);
    const code = authing.outbox.at(-1)!.code;
    expect(
      (await b.post(`${bff!.url}/auth/phone`, { phone: PHONE, code: '000000' === code ? '111111' : '000000' })).status,
    ).toBe(401);
    expect((await b.post(`${bff!.url}/auth/phone`, { phone: PHONE, code })).status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const roots = spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(roots.map((s) => s.name)).toEqual(['POST /auth/phone/code', 'POST /auth/phone', 'POST /auth/phone']);
    expect(roots.map((s) => s.attributes['http.response.status_code'])).toEqual([202, 401, 200]);
    expect(new Set(roots.map((s) => s.spanContext().traceId)).size).toBe(3);
    const calls = roots.map((root) => {
      const { children } = tree(spans, root.spanContext().traceId);
      expect(children).toHaveLength(1);
      expect(children[0]!.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      return children[0]!.attributes;
    });
    expect(calls).toEqual([
      { 'auth.connector': 'au', 'auth.connector.type': 'authing', 'auth.call': 'phone.code', 'auth.outcome': 'ok' },
      { 'auth.connector': 'au', 'auth.connector.type': 'authing', 'auth.call': 'phone', 'auth.outcome': 'ok' },
      { 'auth.connector': 'au', 'auth.connector.type': 'authing', 'auth.call': 'phone', 'auth.outcome': 'ok' },
    ]);
    const everything = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    expect(everything).not.toContain('8613800138000');
    expect(everything).not.toContain(code);
  });

  it('a failed upstream call is an ERROR child span; unknown paths do not name spans', async () => {
    await start();
    await bw.close();
    try {
      const res = await browser().post(`${bff!.url}/auth/password`, BW_ALICE);
      expect(res.status).toBeGreaterThanOrEqual(502);
    } finally {
      bw = await startBroadworksSimulator({ port: 0, soap: false });
    }
    expect((await browser().get(`${bff!.url}/auth/nope-${Math.random()}`)).status).toBe(404);
    const spans = exporter.getFinishedSpans();
    const upstream = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    expect(upstream.status.code).toBe(SpanStatusCode.ERROR);
    expect(['unavailable', 'timeout', 'bad_response']).toContain(upstream.attributes['auth.outcome']);
    expect(spans.filter((s) => s.kind === SpanKind.SERVER).map((s) => s.name)).toEqual([
      'POST /auth/password',
      'GET unmatched',
    ]);
  });

  it("ignores the client's traceparent unless tracing.trustTraceparent", async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await start();
    await fetch(`${bff!.url}/auth/session`, { headers: { traceparent } });
    let [span] = exporter.getFinishedSpans();
    expect(span!.spanContext().traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span!.parentSpanContext).toBeUndefined();
    await bff!.close();

    await start({ trustTraceparent: true });
    await fetch(`${bff!.url}/auth/session`, { headers: { traceparent } });
    await fetch(`${bff!.url}/auth/session`, {
      headers: { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' },
    });
    const spans = exporter.getFinishedSpans();
    span = spans[0];
    expect(span!.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(spans[1]!.parentSpanContext).toBeUndefined(); // an invalid header starts a new trace
    await settle();
    expect(lines().find((l) => l.msg === 'request')!.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('is off by default: no trace id in the log lines', async () => {
    await start(undefined, false);
    expect((await browser().post(`${bff!.url}/auth/password`, BW_ALICE)).status).toBe(200);
    await settle();
    expect(lines().some((l) => 'traceId' in l)).toBe(false);
  });
});

describe('tracing config', () => {
  it('takes an OTLP URL, a service name and trustTraceparent; refuses other keys and non-http URLs', async () => {
    const { parseConfig } = await import('../src/index.js');
    const parsed = parseConfig(baseConfig({ tracing: { otlp: { url: 'http://127.0.0.1:4318/v1/traces' } } }), {});
    expect(parsed.tracing).toEqual({
      otlp: { url: 'http://127.0.0.1:4318/v1/traces' },
      serviceName: 'auth-bff',
      trustTraceparent: false,
    });
    expect(parseConfig(baseConfig({}), {}).tracing).toBeUndefined();
    expect(() => parseConfig(baseConfig({ tracing: { otlp: { url: 'ftp://x/' } } }), {})).toThrow(/tracing\.otlp\.url/);
    expect(() => parseConfig(baseConfig({ tracing: { sampler: 'all' } }), {})).toThrow(/tracing\.sampler: unknown key/);
  });
});

describe('OTLP/HTTP export', () => {
  it('sends the spans to tracing.otlp.url (flushed by close), with the service name and no secrets', async () => {
    const { createServer } = await import('node:http');
    const received: Array<{ path: string | undefined; body: string }> = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ path: req.url, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const port = (collector.address() as import('node:net').AddressInfo).port;
    try {
      bff = await startBff(
        config({ otlp: { url: `http://127.0.0.1:${port}/v1/traces` }, serviceName: 'bff-under-test' }),
      );
      expect((await browser().post(`${bff.url}/auth/password`, BW_ALICE)).status).toBe(200);
      await bff.close();
      bff = undefined;
      expect(received.map((r) => r.path)).toEqual(['/v1/traces']);
      const body = received[0]!.body;
      expect(body).toContain('bff-under-test');
      expect(body).toContain('POST /auth/password');
      expect(body).toContain('upstream password');
      expect(body).not.toMatch(/alice|password1|adminSecret/);
    } finally {
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });
});
