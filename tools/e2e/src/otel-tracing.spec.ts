import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';

import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';

import Decimal from 'decimal.js';

import { MeteredBroker, PaperBroker } from '@dalal/brokers';
import { MemoryStreamStore, StreamConsumer, StreamPublisher } from '@dalal/bus';
import { approvedOrdersStream, BAR, barsStream, ORDER_REQUEST, type Envelope } from '@dalal/contracts';
import { flushTracing, inSpan, startTracing, stopTracing, tracingEnabled } from '@dalal/observability';
import { barPayload, waitFor } from '@dalal/testing';

const root = join(__dirname, '..', '..', '..');

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** A local OTLP/HTTP collector: keeps the spans of every JSON export request. */
class FakeCollector {
  readonly spans: OtlpSpan[] = [];
  private readonly server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const message = JSON.parse(body) as {
          resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
        };
        for (const resource of message.resourceSpans)
          for (const scope of resource.scopeSpans) this.spans.push(...scope.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const orderRequest = {
  intentId: 'trace-intent',
  strategyId: 'ema-mean-reversion',
  mode: 'paper' as const,
  broker: 'paper' as const,
  action: 'ENTER' as const,
  legs: [
    {
      clientOrderId: 'TRACE00000000000001',
      leg: {
        instrument: 'NIFTY26D0825000CE',
        exchange: 'NFO' as const,
        side: 'BUY' as const,
        quantity: 65,
        orderType: 'LIMIT' as const,
        product: 'MIS' as const,
        validity: 'DAY' as const,
        price: '101.05',
        role: 'MAIN' as const,
      },
    },
  ],
};

describe('OpenTelemetry traces from tick to broker acknowledgement', () => {
  const collector = new FakeCollector();
  const store = new MemoryStreamStore();
  const consumers: StreamConsumer[] = [];

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await stopTracing();
    await collector.stop();
  });

  it('cost nothing and mark nothing while OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
    expect(await startTracing('spec', {})).toBe(false);
    expect(tracingEnabled()).toBe(false);
    const envelope = await inSpan('market-data ticks', () =>
      new StreamPublisher(store, { source: 'market-data' }).publish(barsStream(90), BAR, barPayload(1)),
    );
    expect(envelope).not.toHaveProperty('traceparent');
  });

  it('follow one trace through the bus envelopes to the broker call', async () => {
    const exported = new InMemorySpanExporter();
    expect(await startTracing('spec', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://unused' }, exported)).toBe(true);
    const bars = barsStream(91);
    const broker = new MeteredBroker(new PaperBroker({ slippage: 0, tickSize: 0.05, now: () => new Date() }));
    let acknowledged = false;
    // Stand-ins for risk (bar → approved order) and execution (approved order → broker), as separate groups.
    const risk = new StreamConsumer({
      store,
      group: 'risk-manager',
      blockMs: 50,
      handlers: new Map([
        [
          bars,
          () =>
            new StreamPublisher(store, { source: 'risk-manager' }).publish(
              approvedOrdersStream(),
              ORDER_REQUEST,
              orderRequest,
            ),
        ],
      ]),
    });
    const execution = new StreamConsumer({
      store,
      group: 'order-execution',
      blockMs: 50,
      handlers: new Map([
        [
          approvedOrdersStream(),
          async (envelope: Envelope) => {
            const request = envelope.payload as typeof orderRequest;
            const { leg, clientOrderId } = request.legs[0]!;
            await broker.placeOrder({ ...leg, clientOrderId, price: new Decimal(leg.price) });
            acknowledged = true;
          },
        ],
      ]),
    });
    consumers.push(risk, execution);
    await risk.start();
    await execution.start();

    const published = await inSpan('market-data ticks', () =>
      new StreamPublisher(store, { source: 'market-data' }).publish(bars, BAR, barPayload(2)),
    );
    expect(published.traceparent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
    await waitFor(() => acknowledged, 'order acknowledged', 10_000);
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await flushTracing();
    const spans: OtlpSpan[] = exported.getFinishedSpans().map((span) => ({
      name: span.name,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId,
    }));
    const byName = (name: string) => spans.find((s) => s.name === name)!;
    const tick = byName('market-data ticks');
    const bar = byName(`${bars} process`);
    const approved = byName('risk.approved process');
    const placed = byName('paper placeOrder');
    for (const span of [bar, approved, placed]) expect(span.traceId).toBe(tick.traceId);
    expect(published.traceparent).toBe(`00-${tick.traceId}-${tick.spanId}-01`);
    expect(bar.parentSpanId).toBe(tick.spanId);
    expect(approved.parentSpanId).toBe(bar.spanId);
    expect(placed.parentSpanId).toBe(approved.spanId);
    await stopTracing();
  }, 30_000);

  it('are exported over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (in a plain node process)', async () => {
    const endpoint = await collector.start();
    // The exporter loads node:http lazily, which Jest's module sandbox cannot do: run it as the services do.
    const script = [
      `const t = require(${JSON.stringify(join(root, 'libs/observability/src/tracing/tracing.ts'))});`,
      `t.startTracing('otlp-spec', { OTEL_EXPORTER_OTLP_ENDPOINT: ${JSON.stringify(endpoint)} })`,
      "  .then(() => t.inSpan('otlp-spec parent', () => t.inSpan('otlp-spec child', () => 1)))",
      '  .then(() => t.stopTracing());',
    ].join('\n');
    // Asynchronously: the collector answers from this process's event loop.
    const child = spawn(process.execPath, ['-r', join(root, 'tools/register.js'), '-e', script], {
      cwd: root,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    await waitFor(() => collector.spans.length >= 2, 'spans received', 10_000);
    const parent = collector.spans.find((s) => s.name === 'otlp-spec parent')!;
    const child_ = collector.spans.find((s) => s.name === 'otlp-spec child')!;
    expect(child_.traceId).toBe(parent.traceId);
    expect(child_.parentSpanId).toBe(parent.spanId);
  }, 90_000);
});
