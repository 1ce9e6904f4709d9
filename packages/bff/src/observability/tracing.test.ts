/**
 * The OTLP/HTTP exporter's encoding: protobuf by default (the OTLP default), JSON when
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL (or OTEL_EXPORTER_OTLP_PROTOCOL) says `http/json`; the span
 * tree itself is tested through the HTTP API in test/tracing.test.ts. And the standard
 * OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BffTracing, samplerFromEnv, type SamplerPolicy } from './tracing.js';

let server: Server | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** One traced request with an upstream call, exported to a local collector: what it received. */
async function exportOne(): Promise<Array<{ type: string | undefined; body: Buffer }>> {
  const received: Array<{ type: string | undefined; body: Buffer }> = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ type: req.headers['content-type'], body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' }).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const tracing = new BffTracing({
    serviceName: 'svc-under-test',
    trustTraceparent: false,
    otlpUrl: `http://127.0.0.1:${port}/v1/traces`,
  });
  const request = tracing.startRequest('POST', undefined);
  request.upstream('bw', 'broadworks-oci', 'password').end('timeout');
  request.end(502, '/auth/password');
  await tracing.shutdown();
  return received;
}

describe('OTLP/HTTP encoding', () => {
  it('is protobuf by default', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', undefined);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', undefined);
    const [sent, ...more] = await exportOne();
    expect(more).toEqual([]);
    expect(sent!.type).toBe('application/x-protobuf');
    const text = sent!.body.toString('latin1');
    for (const name of ['svc-under-test', 'POST /auth/password', 'upstream password', 'auth.outcome', 'timeout'])
      expect(text).toContain(name);
    expect(() => JSON.parse(sent!.body.toString()) as unknown).toThrow();
  });

  it('is JSON with http/json, the span tree intact', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'http/json');
    const [sent] = await exportOne();
    expect(sent!.type).toBe('application/json');
    const body = JSON.parse(sent!.body.toString()) as {
      resourceSpans: Array<{
        resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
        scopeSpans: Array<{
          spans: Array<{ name: string; spanId: string; parentSpanId?: string; status?: { code: number } }>;
        }>;
      }>;
    };
    const [resourceSpans] = body.resourceSpans;
    expect(resourceSpans!.resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'svc-under-test' },
    });
    const spans = resourceSpans!.scopeSpans.flatMap((s) => s.spans);
    const root = spans.find((s) => s.name === 'POST /auth/password')!;
    const child = spans.find((s) => s.name === 'upstream password')!;
    expect(child.parentSpanId).toBe(root.spanId);
    expect(root.status?.code).toBe(2); // ERROR: a 5xx
    expect(child.status?.code).toBe(2); // ERROR: the call timed out
  });

  it('OTEL_EXPORTER_OTLP_PROTOCOL applies when the traces variable is unset', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', undefined);
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
    expect((await exportOne())[0]!.type).toBe('application/json');
  });
});

describe('sampling (OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG)', () => {
  const SAMPLED_PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const UNSAMPLED_PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';

  /** `n` requests (each with an upstream call) under a sampler: how many spans were recorded. */
  function recorded(sampler: SamplerPolicy, n: number, traceparent?: string): number {
    const exporter = new InMemorySpanExporter();
    const tracing = new BffTracing({
      serviceName: 'svc',
      trustTraceparent: true,
      processor: new SimpleSpanProcessor(exporter),
      sampler,
    });
    for (let i = 0; i < n; i++) {
      const request = tracing.startRequest('GET', traceparent);
      request.upstream('bw', 'broadworks-oci', 'password').end('ok');
      request.end(200, '/auth/session');
    }
    return exporter.getFinishedSpans().length;
  }

  it('reads the standard variables; unset is parent-based always-on; junk refuses to start', () => {
    expect(samplerFromEnv({})).toEqual({ ratio: 1, parentBased: true });
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' })).toEqual({ ratio: 0, parentBased: false });
    expect(
      samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }),
    ).toEqual({ ratio: 0.25, parentBased: true });
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'TraceIdRatio', OTEL_TRACES_SAMPLER_ARG: '0.1' })).toEqual({
      ratio: 0.1,
      parentBased: false,
    });
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(/OTEL_TRACES_SAMPLER: not one of/);
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(
      /a ratio from 0 to 1/,
    );
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' })).toThrow();
  });

  it('records every trace, none, or about the ratio of new traces (request and upstream spans alike)', () => {
    expect(recorded({ ratio: 1, parentBased: true }, 100)).toBe(200);
    expect(recorded({ ratio: 0, parentBased: false }, 100)).toBe(0);
    const kept = recorded({ ratio: 0.25, parentBased: true }, 4000) / 2;
    expect(kept).toBeGreaterThan(800); // 1,000 expected; 800..1,200 is over 6 standard deviations wide
    expect(kept).toBeLessThan(1200);
  });

  it('a trusted parent decides with a parent-based sampler, not with a plain ratio one', () => {
    expect(recorded({ ratio: 0, parentBased: true }, 10, SAMPLED_PARENT)).toBe(20);
    expect(recorded({ ratio: 1, parentBased: true }, 10, UNSAMPLED_PARENT)).toBe(0);
    expect(recorded({ ratio: 1, parentBased: false }, 10, UNSAMPLED_PARENT)).toBe(20);
    expect(recorded({ ratio: 0, parentBased: false }, 10, SAMPLED_PARENT)).toBe(0);
  });

  it('an unknown sampler in the environment stops the BFF from starting its tracing', () => {
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'jaeger_remote');
    expect(
      () =>
        new BffTracing({
          serviceName: 'svc',
          trustTraceparent: false,
          processor: new SimpleSpanProcessor(new InMemorySpanExporter()),
        }),
    ).toThrow(/OTEL_TRACES_SAMPLER/);
  });
});
