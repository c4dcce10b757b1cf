import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import { type BrokerAdapter, KiteAdapter, ResilientBroker } from '@dalal/brokers';
import { RedisStreamStore, StreamConsumer, StreamPublisher } from '@dalal/bus';
import {
  approvedOrdersStream,
  CONTROL_COMMAND,
  controlStream,
  type Envelope,
  ORDER_REQUEST,
  type OrderLeg,
  type OrderRequest,
} from '@dalal/contracts';
import { ZERO } from '@dalal/domain';
import { FakeKiteServer } from '@dalal/fakes';
import {
  type ExecutionEvents,
  KillSwitch,
  KillSwitchListener,
  OrderExecutor,
  PrismaExecutionStore,
  TradingGuard,
  TradingStateGate,
} from '@dalal/order-execution';
import { openDatabase, OrdersRepository, TradingStateRepository } from '@dalal/persistence';
import { RedisServerProcess, waitFor } from '@dalal/testing';

import { type BenchRow, percentile } from '../bench-row';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROUNDS = 15;
const QUEUED = 50;
const BROKER_MS = 300;
const RESTING = ['NIFTY26D0825000CE', 'NIFTY26D0825100CE', 'NIFTY26D0825200CE'];
const HELD = ['NIFTY26D0824000PE', 'NIFTY26D0824100PE', 'NIFTY26D0824200PE'];
const QUEUED_SYMBOL = 'NIFTY26D0825300CE';

const quiet: ExecutionEvents = {
  orderEvent: async () => undefined,
  fill: async () => undefined,
  position: async () => undefined,
  alert: async () => undefined,
};

/** Every call answered `BROKER_MS` late: the broker has acted, the caller still waits. */
function slow(inner: BrokerAdapter): BrokerAdapter {
  const later = <T>(result: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      result.then(
        (v) => setTimeout(() => resolve(v), BROKER_MS),
        (e: unknown) => setTimeout(() => reject(e), BROKER_MS),
      );
    });
  return {
    broker: inner.broker,
    placeOrder: (o) => later(inner.placeOrder(o)),
    modifyOrder: (id, c) => later(inner.modifyOrder(id, c)),
    cancelOrder: (id) => later(inner.cancelOrder(id)),
    getOrder: (id) => later(inner.getOrder(id)),
    getOrders: () => later(inner.getOrders()),
    getTrades: () => later(inner.getTrades()),
    getPositions: () => later(inner.getPositions()),
    getHoldings: () => later(inner.getHoldings()),
    getMargins: () => later(inner.getMargins()),
    getQuotes: (i) => later(inner.getQuotes(i)),
    getCandles: (t, i, f, to) => later(inner.getCandles(t, i, f, to)),
    getInstruments: (e) => later(inner.getInstruments(e)),
  };
}

const leg = (instrument: string, orderType: 'LIMIT' | 'MARKET'): OrderLeg => ({
  instrument,
  exchange: 'NFO',
  side: 'BUY',
  quantity: 65,
  orderType,
  product: 'NRML',
  validity: 'DAY',
  price: orderType === 'LIMIT' ? '80.00' : undefined,
  role: 'MAIN',
});

const requestOf = (intentId: string, clientOrderId: string, orderLeg: OrderLeg): OrderRequest => ({
  intentId,
  strategyId: 'bench',
  mode: 'live',
  broker: 'kite',
  action: 'ENTER',
  legs: [{ clientOrderId, leg: orderLeg }],
});

/** At the broker itself: no order still working, and every symbol's net quantity zero. */
function brokerFlat(fake: FakeKiteServer): boolean {
  for (const history of fake.orders.values()) {
    const status = history[history.length - 1]!.status;
    if (status === 'OPEN' || status === 'TRIGGER PENDING') return false;
  }
  const net = new Map<string, number>();
  for (const t of fake.trades) {
    const key = `${t.exchange}:${t.tradingsymbol}:${t.product}`;
    net.set(key, (net.get(key) ?? 0) + (t.transaction_type === 'BUY' ? t.quantity : -t.quantity));
  }
  return [...net.values()].every((q) => q === 0);
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/**
 * Kill switch latency as order-execution is wired in the service: approved orders consumed one at a time
 * from Redis, the KILL_SWITCH read by KillSwitchListener's own consumer, a fake Kite server behind the
 * real Kite client answering every call 300 ms late, rate-limited to Kite's 10 orders/s. Each round:
 * 3 resting orders and 3 held positions, then 50 approved requests published (one in flight at the
 * broker, the rest waiting); the gateway's path is timed — HALTED written, KILL_SWITCH published — until
 * (a) the fake broker has no working order and every position is flat, (b) our own book says so too.
 * Every round also checks that none of the waiting requests reached the broker.
 */
export async function killSwitchBenchmark(): Promise<BenchRow[]> {
  Logger.overrideLogger(false);
  const dbName = `dalal_bench_kill_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(POSTGRES);
  url.pathname = `/${dbName}`;
  const prisma = await openDatabase({ kind: 'postgres', url: url.toString() });
  const redisServer = new RedisServerProcess(18_900 + Math.floor(Math.random() * 500));
  await redisServer.start();
  const redis = new RedisStreamStore(redisServer.url);
  const fake = new FakeKiteServer();
  await fake.start();
  for (const symbol of [...RESTING, ...HELD, QUEUED_SYMBOL]) fake.setPrice('NFO', symbol, 100);

  const states = new TradingStateRepository(prisma);
  const orders = new OrdersRepository(prisma);
  const gate = new TradingStateGate(states);
  const kite = new KiteAdapter({ apiKey: fake.apiKey, accessToken: fake.accessToken, root: fake.url });
  const store = new PrismaExecutionStore(orders);
  const executor = new OrderExecutor({
    store,
    broker: new ResilientBroker(slow(kite), { orderRate: [{ limit: 10, windowMs: 1_000 }] }),
    events: quiet,
    guard: new TradingGuard(),
    gate,
    plan: { lotSizeOf: () => 65, freezeOf: () => 1800 },
    mode: 'live',
    chargesOf: () => ZERO,
    now: () => new Date(),
  });
  const killSwitch = new KillSwitch(executor, gate, states, quiet);
  // The service's own consumer: approved orders and control, one message at a time.
  const service = new StreamConsumer({
    store: redis,
    group: 'order-execution',
    handlers: new Map([
      [approvedOrdersStream(), (e: Envelope) => executor.submit(e.payload as OrderRequest)],
      [controlStream(), (e: Envelope) => killSwitch.engage(e as Envelope<'control.command'>)],
    ]),
  });
  const listener = new KillSwitchListener(redis, { REDIS_URL: redisServer.url }, killSwitch);
  const publisher = new StreamPublisher(redis, { source: 'bench' });

  const atBroker: number[] = [];
  const inBook: number[] = [];
  try {
    await service.start();
    await listener.onApplicationBootstrap();
    for (let round = 0; round < ROUNDS; round++) {
      const id = (n: string) => `R${String(round).padStart(2, '0')}${n}`;
      if ((await states.current()).state !== 'ACTIVE')
        await states.rearm({ actor: 'bench', reason: 'next round', at: new Date(), force: true });
      gate.liftLocalHalt();
      for (const [n, symbol] of RESTING.entries())
        await executor.submit(requestOf(id(`o${n}`), id(`O${n}`), leg(symbol, 'LIMIT')));
      for (const [n, symbol] of HELD.entries())
        await executor.submit(requestOf(id(`h${n}`), id(`H${n}`), leg(symbol, 'MARKET')));
      await executor.sync();
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // an idle rate window, as mid-session
      const before = fake.requests.length;

      // Published together (pipelined), so they are all waiting while the first is at the broker.
      await Promise.all(
        Array.from({ length: QUEUED }, (_, n) =>
          publisher.publish(
            approvedOrdersStream(),
            ORDER_REQUEST,
            requestOf(id(`q${n}`), id(`Q${n}`), leg(QUEUED_SYMBOL, 'LIMIT')),
          ),
        ),
      );
      await waitFor(() => fake.requests.length > before, 'first queued request in flight', 10_000);

      const t0 = performance.now();
      await states.change({ state: 'HALTED', actor: 'bench', reason: `round ${round}`, at: new Date() });
      const halted = fake.requests.length;
      await publisher.publish(controlStream(), CONTROL_COMMAND, {
        command: 'KILL_SWITCH',
        issuedBy: 'bench',
        reason: `round ${round}`,
      });
      await waitFor(() => brokerFlat(fake), 'flat at the broker', 30_000);
      atBroker.push(performance.now() - t0);
      await waitFor(
        async () =>
          (await orders.findOrdersInState(['OPEN', 'PARTIALLY_FILLED'])).length === 0 &&
          (await store.positions('live')).every((p) => p.netQuantity === 0),
        'flat in our book',
        30_000,
      );
      inBook.push(performance.now() - t0);

      await waitFor(
        // Lag counts undelivered entries as well as unacked ones: every request of the round was handled.
        async () => (await redis.groupLag(approvedOrdersStream(), 'order-execution')) === 0,
        'queued requests handled',
        60_000,
      );
      // Whatever was at the broker when HALTED was written may stay; nothing queued may follow it.
      const late = fake.requests
        .slice(halted)
        .filter(
          (r) =>
            r.method === 'POST' && r.path === '/orders/regular' && !String(r.body['tag']).startsWith('K'),
        )
        .map((r) => r.body['tag']);
      if (late.length > 0)
        throw new Error(
          `round ${round}: requests queued behind the kill switch reached the broker: ${late.join(', ')}`,
        );
    }
  } finally {
    await listener.onApplicationShutdown();
    await service.stop();
    await redis.close();
    await redisServer.kill();
    await fake.stop();
    await prisma.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
  atBroker.sort((a, b) => a - b);
  inBook.sort((a, b) => a - b);
  const name = `kill switch (${QUEUED} queued, ${BROKER_MS} ms broker, Kite 10/s)`;
  return [
    {
      benchmark: name,
      metric: 'command → flat at the broker p50',
      value: percentile(atBroker, 50),
      unit: 'ms',
    },
    {
      benchmark: name,
      metric: 'command → flat at the broker p99',
      value: percentile(atBroker, 99),
      unit: 'ms',
      target: '< 2000',
    },
    { benchmark: name, metric: 'command → flat in our book p50', value: percentile(inBook, 50), unit: 'ms' },
    { benchmark: name, metric: 'command → flat in our book p99', value: percentile(inBook, 99), unit: 'ms' },
  ];
}
