import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { Client } from 'pg';

import { PaperBroker, type PlaceOrder, ResilientBroker } from '@dalal/brokers';
import { RedisStreamStore, StreamConsumer, StreamPublisher } from '@dalal/bus';
import { approvedOrdersStream, ORDER_REQUEST, type OrderRequest } from '@dalal/contracts';
import { ZERO, dec } from '@dalal/domain';
import { openDatabase, OrdersRepository, TradingStateRepository } from '@dalal/persistence';
import { RedisServerProcess } from '@dalal/testing';
import {
  type ExecutionEvents,
  OrderExecutor,
  PrismaExecutionStore,
  TradingGuard,
  TradingStateGate,
} from '@dalal/order-execution';

import { type BenchRow, percentile } from '../bench-row';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUESTS = 1_000;
const LATENCY_SAMPLES = 300;
const SYMBOL = 'NIFTY26D0825000CE';

const quiet: ExecutionEvents = {
  orderEvent: async () => undefined,
  fill: async () => undefined,
  position: async () => undefined,
  alert: async () => undefined,
};

/** The paper broker, noting when each placement was acknowledged. */
class AckTimedPaperBroker extends PaperBroker {
  constructor(private readonly onAck: (order: PlaceOrder) => void) {
    super({ slippage: 0.05, tickSize: 0.05 });
  }

  override async placeOrder(order: PlaceOrder): Promise<{ brokerOrderId: string }> {
    const ack = await super.placeOrder(order);
    this.onAck(order);
    return ack;
  }
}

function requestFor(i: number, clientOrderId: string): OrderRequest {
  return {
    intentId: `bench-${i}`,
    strategyId: 'bench',
    mode: 'paper',
    broker: 'paper',
    action: 'ENTER',
    legs: [
      {
        clientOrderId,
        leg: {
          instrument: SYMBOL,
          exchange: 'NFO',
          side: 'BUY',
          quantity: 65,
          orderType: 'MARKET',
          product: 'MIS',
          validity: 'DAY',
          role: 'MAIN',
        },
      },
    ],
  };
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/**
 * Approved order requests published on Redis, consumed by order execution, written to Postgres and
 * placed on the paper broker: requests/s end to end, and the time from a request's publication to the
 * broker's acknowledgement. The broker's rate windows are opened wide here to measure our own cost;
 * live trading is held to 10 orders/s by them.
 */
export async function executionBenchmark(): Promise<BenchRow[]> {
  const dbName = `dalal_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${dbName}`;
  const prisma = await openDatabase({ kind: 'postgres', url: url.toString() });
  // A redis-server of its own: approved orders left on a shared Redis would be executed by a real service.
  const redisServer = new RedisServerProcess(18_400 + Math.floor(Math.random() * 500));
  await redisServer.start();
  const redis = new RedisStreamStore(redisServer.url);
  const stream = approvedOrdersStream();
  try {
    const published = new Map<string, number>();
    const latencies: number[] = [];
    const paper = new AckTimedPaperBroker((order) =>
      latencies.push(performance.now() - published.get(order.clientOrderId)!),
    );
    paper.onPrice(SYMBOL, dec('100'));
    const broker = new ResilientBroker(paper, { orderRate: [{ limit: 1_000_000, windowMs: 1_000 }] });
    const executor = new OrderExecutor({
      store: new PrismaExecutionStore(new OrdersRepository(prisma)),
      broker,
      events: quiet,
      guard: new TradingGuard(),
      gate: new TradingStateGate(new TradingStateRepository(prisma)),
      plan: { lotSizeOf: () => 65, freezeOf: () => 1800 },
      mode: 'paper',
      chargesOf: () => ZERO,
      now: () => new Date(),
    });
    let handled = 0;
    const consumer = new StreamConsumer({
      store: redis,
      group: `bench-${dbName}`,
      handlers: new Map([
        [
          stream,
          async (envelope) => {
            await executor.submit(envelope.payload as OrderRequest);
            handled += 1;
          },
        ],
      ]),
    });
    await consumer.start();
    const publisher = new StreamPublisher(redis, { source: 'bench' });
    let sent = 0;
    const send = async () => {
      const i = sent++;
      const clientOrderId = `B${dbName.slice(-6)}${String(i).padStart(7, '0')}`;
      published.set(clientOrderId, performance.now());
      await publisher.publish(stream, ORDER_REQUEST, requestFor(i, clientOrderId));
    };
    // Throughput: requests queued back to back.
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) await send();
    while (handled < REQUESTS) await new Promise((resolve) => setTimeout(resolve, 2));
    const seconds = (performance.now() - t0) / 1000;
    // Latency: one request at a time on an idle pipeline.
    latencies.length = 0;
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const before = handled;
      await send();
      while (handled === before) await new Promise((resolve) => setImmediate(resolve));
    }
    await consumer.stop();
    if (consumer.stats.deadLettered > 0) throw new Error('bench requests were dead-lettered');
    latencies.sort((a, b) => a - b);
    return [
      {
        benchmark: 'execution (paper, Postgres)',
        metric: 'order requests through execution',
        value: REQUESTS / seconds,
        unit: 'req/s',
      },
      {
        benchmark: 'execution (paper, Postgres)',
        metric: 'request on bus → broker ack p50, idle',
        value: percentile(latencies, 50),
        unit: 'ms',
      },
      {
        benchmark: 'execution (paper, Postgres)',
        metric: 'request on bus → broker ack p99, idle',
        value: percentile(latencies, 99),
        unit: 'ms',
      },
    ];
  } finally {
    await redis.close();
    await redisServer.kill();
    await prisma.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}
