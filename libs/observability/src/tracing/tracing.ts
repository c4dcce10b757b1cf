import {
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { type SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * OpenTelemetry spans from tick to broker acknowledgement, exported over OTLP/HTTP only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. Unset, the SDK is never loaded, envelopes carry no trace context and
 * every helper here is a plain function call: tracing costs nothing.
 *
 * The trace context travels in the bus envelope (`traceparent`, W3C format): the publisher writes the
 * active span's, the consumer continues it in a span per handled message, so one trace follows a tick
 * through bars, intents, approvals and orders across processes.
 */
let tracer: Tracer | undefined;
let shutdown: (() => Promise<void>) | undefined;
let flush: (() => Promise<void>) | undefined;

export function tracingEnabled(): boolean {
  return tracer !== undefined;
}

/**
 * Starts the exporter once per process (embedded mode runs five services in one); a no-op without
 * OTEL_EXPORTER_OTLP_ENDPOINT. The exporter reads the endpoint and headers from the standard OTEL_* variables.
 */
export async function startTracing(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
  /** Replaces the OTLP exporter (specs collect spans in memory: Jest cannot run the exporter's lazy imports). */
  exporter?: SpanExporter,
): Promise<boolean> {
  if (tracer || !env['OTEL_EXPORTER_OTLP_ENDPOINT']) return tracer !== undefined;
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, hooks, core, resources] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
    ]);
  const provider = new BasicTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': env['OTEL_SERVICE_NAME'] || serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter ?? new OTLPTraceExporter({ url: otlpTracesUrl(env) }))],
  });
  context.setGlobalContextManager(new hooks.AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  tracer = trace.getTracer('dalal');
  shutdown = () => provider.shutdown();
  flush = () => provider.forceFlush();
  return true;
}

/** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces (the spec's rule). */
function otlpTracesUrl(env: Record<string, string | undefined>): string {
  const traces = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (traces) return traces;
  return `${env['OTEL_EXPORTER_OTLP_ENDPOINT']!.replace(/\/$/, '')}/v1/traces`;
}

/** Sends what is buffered now. */
export async function flushTracing(): Promise<void> {
  await flush?.();
}

/** Sends what is buffered and stops exporting (service shutdown, tests). */
export async function stopTracing(): Promise<void> {
  const stop = shutdown;
  tracer = undefined;
  shutdown = undefined;
  flush = undefined;
  await stop?.();
  trace.disable();
  context.disable();
  propagation.disable();
}

/** The active span's context as a W3C `traceparent`, for the envelope; undefined when tracing is off. */
export function currentTraceparent(): string | undefined {
  if (!tracer) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'];
}

/**
 * Runs fn inside a span, a child of `traceparent` when given (a message from another process) or of the
 * active span; the span ends when fn settles and records a failure. Without tracing, just fn().
 */
export function inSpan<T>(
  name: string,
  fn: () => T,
  options: {
    traceparent?: string;
    kind?: 'consumer' | 'client' | 'internal';
    attributes?: Record<string, string>;
  } = {},
): T {
  if (!tracer) return fn();
  const parent = options.traceparent
    ? propagation.extract(context.active(), { traceparent: options.traceparent })
    : context.active();
  const kind = { consumer: SpanKind.CONSUMER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL }[
    options.kind ?? 'internal'
  ];
  return tracer.startActiveSpan(name, { kind, attributes: options.attributes }, parent, (span: Span) => {
    const fail = (err: unknown) => {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: err instanceof Error ? err.message : String(err),
      });
      span.end();
    };
    try {
      const result = fn();
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            span.end();
            return value;
          },
          (err: unknown) => {
            fail(err);
            throw err;
          },
        ) as T;
      }
      span.end();
      return result;
    } catch (err) {
      fail(err);
      throw err;
    }
  });
}
