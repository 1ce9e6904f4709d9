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
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

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

export class BffTracing {
  readonly #provider: BasicTracerProvider;
  readonly #tracer: Tracer;
  readonly #trustTraceparent: boolean;

  constructor(options: TracingOptions) {
    const processor =
      options.processor ??
      new BatchSpanProcessor(new OTLPTraceExporter(options.otlpUrl ? { url: options.otlpUrl } : {}));
    this.#provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName }),
      spanProcessors: [processor],
    });
    this.#tracer = this.#provider.getTracer('@auth-login/bff');
    this.#trustTraceparent = options.trustTraceparent;
  }

  /** Starts the span of a request (`traceparent`: the client's header, honoured only if trusted). */
  startRequest(method: string, traceparent: string | string[] | undefined): RequestTrace {
    const parent = (this.#trustTraceparent && parseTraceparent(traceparent)) || ROOT_CONTEXT;
    const span = this.#tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
      parent,
    );
    const tracer = this.#tracer;
    const context = trace.setSpan(ROOT_CONTEXT, span);
    return {
      traceId: span.spanContext().traceId,
      upstream(connector, type, call) {
        const child: Span = tracer.startSpan(
          `upstream ${call}`,
          {
            kind: SpanKind.CLIENT,
            attributes: { 'auth.connector': connector, 'auth.connector.type': type, 'auth.call': call },
          },
          context,
        );
        return {
          end(outcome) {
            child.setAttribute('auth.outcome', outcome);
            if (outcome !== 'ok') child.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
            child.end();
          },
        };
      },
      end(status, route) {
        span.updateName(route ? `${method} ${route}` : method);
        if (route) span.setAttribute('http.route', route);
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    };
  }

  /** Flushes what is buffered and stops exporting. */
  async shutdown(): Promise<void> {
    await this.#provider.shutdown();
  }
}
