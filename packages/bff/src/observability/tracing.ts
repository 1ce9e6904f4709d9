/**
 * OpenTelemetry tracing of one BFF instance (docs/operations.md "Tracing"): its own span
 * processor and exporter (never the global tracer provider, so a host app's SDK and a second BFF
 * are left alone), spans parented explicitly (no global context manager): one SERVER span per
 * request, one CLIENT child per upstream call. Attributes hold route, status, connector name and
 * type, call and outcome: never a credential, identifier, phone number, token, cookie or client
 * address.
 *
 * A W3C `traceparent` from the client is honoured only with `tracing.trustTraceparent` (the
 * browser could otherwise pick trace ids, or flood a sampled trace); without it each request
 * starts a new trace. Sampling follows the standard OTEL_TRACES_SAMPLER / _ARG (samplerFromEnv);
 * unset, the SDK default, parent-based always-on: every new trace is sampled, and a trusted
 * parent's sampled flag decides for its trace.
 *
 * Cost (bench/http.mjs, section 4): the spans are the SDK's ReadableSpan, handed to its span
 * processors and OTLP exporter, but made here (BffSpan) rather than by the SDK's Tracer, whose
 * general path cost ~15 µs of CPU per request for these two fixed shapes. No context manager
 * (AsyncLocalStorage) and no `context.with` per middleware: the request's span travels in
 * `ctx.state.observe`. A span the sampler dropped gets no child and no attribute work. Spans leave
 * in batches (BatchSpanProcessor, default sizes) as OTLP/HTTP protobuf, the OTLP default: about a
 * third of JSON's bytes and less CPU to encode (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json`
 * sends JSON instead).
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type Context,
  type HrTime,
  type Link,
  type SpanContext,
  type SpanStatus,
} from '@opentelemetry/api';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
  TraceExporterMetricsHelper,
} from '@opentelemetry/otlp-transformer';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  RandomIdGenerator,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
  type TimedEvent,
} from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  serviceName: string;
  trustTraceparent: boolean;
  /**
   * Where spans go: a processor (tests: SimpleSpanProcessor + InMemorySpanExporter), or OTLP/HTTP.
   * It is given each ended span (onEnd) and shut down with the BFF; onStart is not called.
   */
  processor?: SpanProcessor;
  /** The OTLP/HTTP traces URL (`…/v1/traces`); undefined: the exporter reads OTEL_EXPORTER_OTLP_* itself. */
  otlpUrl?: string;
  /** Which traces are recorded; default: `samplerFromEnv()` (parent-based, always on). */
  sampler?: SamplerPolicy;
}

/**
 * Which traces are recorded: `ratio` of new traces (by trace id, so every service with the same
 * ratio keeps the same traces), and with `parentBased` a trusted remote parent's sampled flag
 * decides for its trace instead.
 */
export interface SamplerPolicy {
  ratio: number;
  parentBased: boolean;
}

const SAMPLERS: Record<string, (ratio: number) => SamplerPolicy> = {
  always_on: () => ({ ratio: 1, parentBased: false }),
  always_off: () => ({ ratio: 0, parentBased: false }),
  traceidratio: (ratio) => ({ ratio, parentBased: false }),
  parentbased_always_on: () => ({ ratio: 1, parentBased: true }),
  parentbased_always_off: () => ({ ratio: 0, parentBased: true }),
  parentbased_traceidratio: (ratio) => ({ ratio, parentBased: true }),
};

/**
 * The standard OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG (a ratio in [0, 1], default 1), as
 * the OpenTelemetry SDKs read them; unset: `parentbased_always_on`. An unknown sampler or a bad
 * ratio refuses to start (the SDKs would fall back to always-on silently).
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv = process.env): SamplerPolicy {
  const name = (env.OTEL_TRACES_SAMPLER?.trim() || 'parentbased_always_on').toLowerCase();
  const make = SAMPLERS[name];
  if (!make) throw new Error(`OTEL_TRACES_SAMPLER: not one of ${Object.keys(SAMPLERS).join(', ')}`);
  const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const ratio = arg ? Number(arg) : 1;
  if (!(ratio >= 0 && ratio <= 1)) throw new Error('OTEL_TRACES_SAMPLER_ARG: a ratio from 0 to 1');
  return make(ratio);
}

/** The TraceIdRatioBased rule: the trace id's last 8 hex digits, read as a fraction, below `ratio`. */
const keeps = (traceId: string, ratio: number): boolean =>
  ratio >= 1 || (ratio > 0 && parseInt(traceId.slice(-8), 16) / 0x1_0000_0000 < ratio);

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

/** The span context of a valid `traceparent` (the remote parent), or undefined. */
function remoteParent(header: string | string[]): SpanContext | undefined {
  const parent = parseTraceparent(header);
  return parent ? trace.getSpanContext(parent) : undefined;
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
const SCOPE = { name: '@auth-login/bff' };
const ids = new RandomIdGenerator();

/** Milliseconds since the epoch as an OTel HrTime ([seconds, nanoseconds]). */
function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6));
  return [seconds, nanos];
}

/**
 * One span as the SDK's span processors and exporters read it (ReadableSpan), made without the
 * SDK's Tracer: the BFF needs two fixed span shapes, the standard samplers (samplerFromEnv) and
 * no span limits, and the Tracer's general path (attribute sanitizing, sampler and metrics
 * hooks, per-span clock anchoring) was ~15 µs of CPU per request in bench/http.mjs.
 */
class BffSpan implements ReadableSpan {
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  readonly startTime: HrTime;
  endTime: HrTime = [0, 0];
  duration: HrTime = [0, 0];
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  readonly attributes: Attributes;
  readonly links: Link[] = [];
  readonly events: TimedEvent[] = [];
  ended = false;
  readonly resource: Resource;
  readonly instrumentationScope = SCOPE;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  readonly #context: SpanContext;
  readonly #started: number;
  /** Date.now() - performance.now() when the trace's first span started (the SDK's anchored clock). */
  readonly anchor: number;

  constructor(
    public name: string,
    kind: SpanKind,
    context: SpanContext,
    parent: SpanContext | undefined,
    attributes: Attributes,
    resource: Resource,
    anchor?: number,
  ) {
    this.kind = kind;
    this.#context = context;
    this.parentSpanContext = parent;
    this.attributes = attributes;
    this.resource = resource;
    this.#started = performance.now();
    this.anchor = anchor ?? Date.now() - this.#started;
    this.startTime = hrTime(this.anchor + this.#started);
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  finish(): void {
    const now = performance.now();
    this.endTime = hrTime(this.anchor + now);
    this.duration = hrTime(now - this.#started);
    this.ended = true;
  }
}

class UpstreamCall implements UpstreamSpan {
  readonly #span: BffSpan;
  readonly #processor: SpanProcessor;
  constructor(span: BffSpan, processor: SpanProcessor) {
    this.#span = span;
    this.#processor = processor;
  }
  end(outcome: string): void {
    const span = this.#span;
    span.attributes['auth.outcome'] = outcome;
    if (outcome !== 'ok') span.status = { code: SpanStatusCode.ERROR, message: outcome };
    span.finish();
    this.#processor.onEnd(span);
  }
}

class Request implements RequestTrace {
  readonly traceId: string;
  readonly #tracing: BffTracing;
  readonly #span: BffSpan;
  readonly #method: string;

  constructor(tracing: BffTracing, span: BffSpan, method: string) {
    this.#tracing = tracing;
    this.#span = span;
    this.#method = method;
    this.traceId = span.spanContext().traceId;
  }

  upstream(connector: string, type: string, call: string): UpstreamSpan {
    return this.#tracing.startUpstream(this.#span, connector, type, call);
  }

  end(status: number, route: string | undefined): void {
    const span = this.#span;
    if (!(span.spanContext().traceFlags & TraceFlags.SAMPLED)) return; // sampled out: nothing to record
    span.name = route ? `${this.#method} ${route}` : this.#method;
    if (route) span.attributes['http.route'] = route;
    span.attributes['http.response.status_code'] = status;
    if (status >= 500) span.status = { code: SpanStatusCode.ERROR };
    span.finish();
    this.#tracing.ended(span);
  }
}

export class BffTracing {
  readonly #processor: SpanProcessor;
  readonly #resource: Resource;
  readonly #trustTraceparent: boolean;
  readonly #sampler: SamplerPolicy;

  constructor(options: TracingOptions) {
    this.#sampler = options.sampler ?? samplerFromEnv();
    this.#processor = options.processor ?? new BatchSpanProcessor(otlpExporter(options.otlpUrl));
    this.#resource = defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName }));
    this.#trustTraceparent = options.trustTraceparent;
  }

  /** Starts the span of a request (`traceparent`: the client's header, honoured only if trusted). */
  startRequest(method: string, traceparent: string | string[] | undefined): RequestTrace {
    const remote = this.#trustTraceparent && traceparent ? remoteParent(traceparent) : undefined;
    // A trusted remote parent decides for its trace with a parent-based sampler; else the ratio.
    const traceId = remote?.traceId ?? ids.generateTraceId();
    const { ratio, parentBased } = this.#sampler;
    const sampled = remote && parentBased ? remote.traceFlags & TraceFlags.SAMPLED : keeps(traceId, ratio);
    const context: SpanContext = {
      traceId,
      spanId: ids.generateSpanId(),
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    };
    const span = new BffSpan(
      method,
      SpanKind.SERVER,
      context,
      remote,
      { 'http.request.method': method },
      this.#resource,
    );
    return new Request(this, span, method);
  }

  /** The CLIENT span of one upstream call, a child of the request's span. */
  startUpstream(parent: BffSpan, connector: string, type: string, call: string): UpstreamSpan {
    const { traceId, traceFlags } = parent.spanContext();
    if (!(traceFlags & TraceFlags.SAMPLED)) return NOT_TRACED; // sampled out: its children are too
    const span = new BffSpan(
      `upstream ${call}`,
      SpanKind.CLIENT,
      { traceId, spanId: ids.generateSpanId(), traceFlags },
      parent.spanContext(),
      { 'auth.connector': connector, 'auth.connector.type': type, 'auth.call': call },
      this.#resource,
      parent.anchor,
    );
    return new UpstreamCall(span, this.#processor);
  }

  /** A request span has ended: to the processor (batched for OTLP, or the tests' in-memory one). */
  ended(span: BffSpan): void {
    this.#processor.onEnd(span);
  }

  /** Flushes what is buffered and stops exporting. */
  async shutdown(): Promise<void> {
    await this.#processor.shutdown();
  }
}
