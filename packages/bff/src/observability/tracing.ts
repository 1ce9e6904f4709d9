/**
 * OpenTelemetry tracing of one BFF instance.
 */

/** The span of one upstream call. */
export interface UpstreamSpan {
  end(outcome: string): void;
}

/** The span of one API request. */
export interface RequestTrace {
  readonly traceId: string;
  upstream(connector: string, type: string, call: string): UpstreamSpan;
}
