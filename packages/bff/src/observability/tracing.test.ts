/**
 * The OTLP/HTTP exporter's encoding: protobuf by default (the OTLP default), JSON when
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL (or OTEL_EXPORTER_OTLP_PROTOCOL) says `http/json`; the span
 * tree itself is tested through the HTTP API in test/tracing.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BffTracing } from './tracing.js';

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
