/**
 * OpenTelemetry tracing of one BFF instance (docs/operations.md "Tracing"): its own tracer
 * provider (never the global one, so a host app's SDK and a second BFF are left alone), spans
 * parented explicitly (no global context manager): one SERVER span per request, one CLIENT child
 * per upstream call. Attributes hold route, status, connector name and type, call and outcome:
 * never a credential, identifier, phone number, token, cookie or client address.
 *
 * A W3C `traceparent` from the client is honoured only with `tracing.trustTraceparent` (the
 * browser could otherwise pick trace ids, or flood a sampled trace); without it each request
 * starts a new trace.
 *
 * Cost (bench/http.mjs, section 4): what a request pays is the SDK's own span bookkeeping; this
 * file adds as little as it can to it. No context manager (AsyncLocalStorage) and no
 * `context.with` per middleware: the request's span travels in `ctx.state.observe`, and the
 * context that parents a child span is made only when the request makes an upstream call. The
 * attribute objects of upstream spans are built once per connector and call (a bounded set). A
 * span the sampler dropped gets no child spans and no attribute work. Spans leave in batches
 * (BatchSpanProcessor) as OTLP/HTTP protobuf, the OTLP default: about a third of JSON's bytes and
 * less CPU to encode (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json` sends JSON instead).
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
  TraceExporterMetricsHelper,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  serviceName: string;
  trustTraceparent: boolean;
  /** Where spans go: a processor (tests: SimpleSpanProcessor + InMemorySpanExporter), or OTLP/HTTP. */
  processor?: SpanProcessor;
  /** The OTLP/HTTP traces URL (`…/v1/traces`); undefined: the exporter reads OTEL_EXPORTER_OTLP_* itself. */
  otlpUrl?: string;
}

/** The span of one upstream call. */
export interface UpstreamSpan {
  end(outcome: string): void;
}

/** The span of one API request. */
export interface RequestTrace {
  readonly traceId: string;
  upstream(connector: string, type: string, call: string): UpstreamSpan;
  end(status: number, route: string | undefined): void;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The remote parent of a `traceparent` header (version 00), or undefined when it is not one. */
export function parseTraceparent(header: string | string[] | undefined): Context | undefined {
  const match = typeof header === 'string' ? TRACEPARENT.exec(header.trim()) : null;
  if (!match) return undefined;
  const [, traceId, spanId, flags] = match as unknown as [string, string, string, string];
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  });
}

/**
 * The OTLP/HTTP span exporter: protobuf (the OTLP default, `http/protobuf`) unless
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL says `http/json`. Endpoint,
 * headers, timeout and compression come from `url` or the usual OTEL_EXPORTER_OTLP_* variables.
 */
export function otlpExporter(url: string | undefined, env: NodeJS.ProcessEnv = process.env): SpanExporter {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim();
  const json = protocol === 'http/json';
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only public way (0.2xx) to the exporters' own OTEL_EXPORTER_OTLP_* handling; exporter-trace-otlp-* use it too
  const options = convertLegacyHttpOptions(url ? { url } : {}, 'TRACES', 'v1/traces', {
    'Content-Type': json ? 'application/json' : 'application/x-protobuf',
  });
  return new OTLPExporterBase<ReadableSpan[]>(
    createOtlpHttpExportDelegate(
      options,
      json ? JsonTraceSerializer : ProtobufTraceSerializer,
      'otlp_http_span_exporter',
      TraceExporterMetricsHelper,
      undefined,
    ),
  );
}

const NOT_TRACED: UpstreamSpan = { end() {} };

class UpstreamCall implements UpstreamSpan {
  readonly #span: Span;
  constructor(span: Span) {
    this.#span = span;
  }
  end(outcome: string): void {
    this.#span.setAttribute('auth.outcome', outcome);
    if (outcome !== 'ok') this.#span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    this.#span.end();
  }
}

class Request implements RequestTrace {
  readonly traceId: string;
  readonly #tracing: BffTracing;
  readonly #span: Span;
  readonly #method: string;
  #context: Context | undefined;

  constructor(tracing: BffTracing, span: Span, method: string) {
    this.#tracing = tracing;
    this.#span = span;
    this.#method = method;
    this.traceId = span.spanContext().traceId;
  }

  upstream(connector: string, type: string, call: string): UpstreamSpan {
    if (!this.#span.isRecording()) return NOT_TRACED; // sampled out: its children would be too
    this.#context ??= trace.setSpan(ROOT_CONTEXT, this.#span);
    return new UpstreamCall(this.#tracing.startUpstream(connector, type, call, this.#context));
  }

  end(status: number, route: string | undefined): void {
    const span = this.#span;
    if (span.isRecording()) {
      span.updateName(route ? `${this.#method} ${route}` : this.#method);
      if (route) span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}

export class BffTracing {
  readonly #provider: BasicTracerProvider;
  readonly #tracer: Tracer;
  readonly #trustTraceparent: boolean;
  /** The attributes of a SERVER span by method, and of a CLIENT span by connector and call: built once each. */
  readonly #requestAttributes = new Map<string, Attributes>();
  readonly #upstreamAttributes = new Map<string, Attributes>();

  constructor(options: TracingOptions) {
    const processor = options.processor ?? new BatchSpanProcessor(otlpExporter(options.otlpUrl));
    this.#provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName }),
      spanProcessors: [processor],
    });
    this.#tracer = this.#provider.getTracer('@auth-login/bff');
    this.#trustTraceparent = options.trustTraceparent;
  }

  /** Starts the span of a request (`traceparent`: the client's header, honoured only if trusted). */
  startRequest(method: string, traceparent: string | string[] | undefined): RequestTrace {
    const parent = (this.#trustTraceparent && traceparent && parseTraceparent(traceparent)) || ROOT_CONTEXT;
    let attributes = this.#requestAttributes.get(method);
    if (!attributes) {
      attributes = { 'http.request.method': method };
      // Koa gives any method the client sent: only a bounded number are kept.
      if (this.#requestAttributes.size < 64) this.#requestAttributes.set(method, attributes);
    }
    const span = this.#tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
    return new Request(this, span, method);
  }

  /** The CLIENT span of one upstream call, a child of `parent`. */
  startUpstream(connector: string, type: string, call: string, parent: Context): Span {
    const key = `${connector}\n${type}\n${call}`;
    let attributes = this.#upstreamAttributes.get(key);
    if (!attributes) {
      attributes = { 'auth.connector': connector, 'auth.connector.type': type, 'auth.call': call };
      this.#upstreamAttributes.set(key, attributes); // connectors (config) x calls (code): a bounded set
    }
    return this.#tracer.startSpan(`upstream ${call}`, { kind: SpanKind.CLIENT, attributes }, parent);
  }

  /** Flushes what is buffered and stops exporting. */
  async shutdown(): Promise<void> {
    await this.#provider.shutdown();
  }
}
