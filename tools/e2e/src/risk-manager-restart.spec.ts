import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import {
  FILL,
  STRATEGY_INTENT,
  approvedOrdersStream,
  fillsStream,
  intentsStream,
  parseEnvelope,
  riskRejectionsStream,
  type Fill,
  type OrderRequest,
  type RiskRejection,
  type StrategyIntent,
} from '@dalal/contracts';
import { openDatabase, OrdersRepository, type PrismaService } from '@dalal/persistence';
import { RedisServerProcess, waitFor } from '@dalal/testing';

import { ServiceProcess, waitForHealth } from './service-process';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const STRATEGY = 'ema-mean-reversion';
const ist = (time: string) => new Date(`2026-12-01T${time}:00+05:30`).toISOString();

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function intent(
  intentId: string,
  time: string,
  action: 'ENTER' | 'EXIT',
  tradeId = intentId,
): StrategyIntent {
  return {
    intentId,
    strategyId: STRATEGY,
    mode: 'paper',
    action,
    legs: [
      {
        instrument: 'NIFTY26D0825000CE',
        exchange: 'NFO',
        side: action === 'ENTER' ? 'BUY' : 'SELL',
        quantity: 65,
        orderType: 'MARKET',
        product: 'MIS',
        validity: 'DAY',
        role: 'MAIN',
      },
    ],
    sizing: action === 'ENTER' ? { kind: 'RISK', riskPerSet: '6500' } : { kind: 'FIXED' },
    lotSize: 65,
    tradeId,
    reason: action === 'ENTER' ? 'ce_entry' : 'stop_loss',
    indicators: {},
    barTime: ist(time),
  };
}

/**
 * A risk manager SIGKILLed mid-day, as a real process on a real Redis and Postgres: the restarted
 * process must decide as the dead one would have — same trades today, P&L and losing streak, the open
 * trade still holding its slot and still exitable.
 */
describe('risk-manager killed mid-day', () => {
  const redis = new RedisServerProcess(18_400 + Math.floor(Math.random() * 500));
  const dbName = `dalal_risk_e2e_${randomBytes(6).toString('hex')}`;
  const port = 26_000 + Math.floor(Math.random() * 1000);
  let prisma: PrismaService;
  let databaseUrl: string;
  let store: RedisStreamStore;
  let publisher: StreamPublisher;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    await redis.start();
    await admin(`CREATE DATABASE ${dbName}`);
    databaseUrl = Object.assign(new URL(POSTGRES), { pathname: `/${dbName}` }).toString();
    prisma = await openDatabase({ kind: 'postgres', url: databaseUrl });
    store = new RedisStreamStore(redis.url);
    publisher = new StreamPublisher(store, { source: 'strategy-engine' });
  }, 60_000);

  afterAll(async () => {
    service?.signal('SIGKILL');
    await store.close();
    await prisma.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await redis.kill();
  });

  async function healthy(process: ServiceProcess): Promise<void> {
    await waitForHealth(port, 90_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${process.output.slice(-20).join('\n')}`);
    });
  }

  function start(): ServiceProcess {
    return new ServiceProcess('risk-manager', {
      REDIS_URL: redis.url,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      BUS_CLAIM_IDLE_MS: '500',
      RISK_LIMITS: '{"capital":500000,"maxTradesPerDay":3}',
    });
  }

  async function read<T>(stream: string): Promise<T[]> {
    return (await store.range(stream)).map((e) => {
      const parsed = parseEnvelope(stream, e.data ?? '');
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.envelope.payload as T;
    });
  }

  async function approved(count: number): Promise<OrderRequest> {
    await waitFor(
      async () => (await store.length(approvedOrdersStream())) === count,
      `${count} approvals`,
      15_000,
    );
    return (await read<OrderRequest>(approvedOrdersStream()))[count - 1]!;
  }

  /** Execution's part: the order and its fill stored, then the fill published. */
  async function fill(request: OrderRequest, price: string, time: string): Promise<void> {
    const orders = new OrdersRepository(prisma);
    const { clientOrderId, leg } = request.legs[0]!;
    await orders.recordOrderSubmitted({
      clientOrderId,
      intentId: request.intentId,
      strategyId: request.strategyId,
      mode: 'paper',
      broker: 'paper',
      leg,
      at: ist(time),
    });
    const message: Fill = {
      fillId: `${clientOrderId}-1`,
      clientOrderId,
      intentId: request.intentId,
      strategyId: request.strategyId,
      instrument: leg.instrument,
      exchange: leg.exchange,
      side: leg.side,
      quantity: leg.quantity,
      price,
      charges: '20',
      filledAt: ist(time),
    };
    await orders.applyFill(message);
    await publisher.publish(fillsStream(), FILL, message);
  }

  async function counters(): Promise<Record<string, string>> {
    const rows = await prisma.riskCounter.findMany({ where: { scope: STRATEGY } });
    return Object.fromEntries(rows.map((r) => [r.name, r.value.toString()]));
  }

  it('comes back with the same counters and the open trade', async () => {
    service = start();
    await healthy(service);

    await publisher.publish(intentsStream(), STRATEGY_INTENT, intent('ce-0930', '09:30', 'ENTER'));
    await fill(await approved(1), '100', '09:31');
    await publisher.publish(
      intentsStream(),
      STRATEGY_INTENT,
      intent('ce-0930-x', '10:00', 'EXIT', 'ce-0930'),
    );
    await fill(await approved(2), '60', '10:01');
    await waitFor(async () => (await counters())['consecutiveLosses'] === '1', 'the loss is booked', 15_000);
    await publisher.publish(intentsStream(), STRATEGY_INTENT, intent('ce-1030', '10:30', 'ENTER'));
    await fill(await approved(3), '80', '10:31');
    const before = await counters();
    expect(before).toMatchObject({ tradesToday: '2', consecutiveLosses: '1', realizedNetToday: '-2640' });

    service.signal('SIGKILL');
    expect(await service.exited).toEqual({ code: null, signal: 'SIGKILL' });
    service = start();
    await healthy(service);

    // The open trade still holds the only position slot…
    await publisher.publish(intentsStream(), STRATEGY_INTENT, intent('ce-1045', '10:45', 'ENTER'));
    await waitFor(async () => (await store.length(riskRejectionsStream())) === 1, 'entry refused', 15_000);
    expect((await read<RiskRejection>(riskRejectionsStream()))[0]).toMatchObject({
      intentId: 'ce-1045',
      rule: 'MAX_OPEN_POSITIONS',
    });
    // …and its exit is approved; a third entry follows once it is flat, and holds the slot in turn.
    await publisher.publish(
      intentsStream(),
      STRATEGY_INTENT,
      intent('ce-1030-x', '11:00', 'EXIT', 'ce-1030'),
    );
    await fill(await approved(4), '70', '11:01');
    await waitFor(async () => (await counters())['consecutiveLosses'] === '2', 'second loss booked', 15_000);
    await publisher.publish(intentsStream(), STRATEGY_INTENT, intent('ce-1130', '11:30', 'ENTER'));
    await approved(5);
    await publisher.publish(intentsStream(), STRATEGY_INTENT, intent('ce-1145', '11:45', 'ENTER'));
    await waitFor(
      async () => (await store.length(riskRejectionsStream())) === 2,
      'fourth entry refused',
      15_000,
    );
    expect((await read<RiskRejection>(riskRejectionsStream()))[1]).toMatchObject({
      rule: 'MAX_OPEN_POSITIONS',
    });
    expect(await counters()).toMatchObject({
      tradesToday: '3',
      consecutiveLosses: '2',
      realizedNetToday: '-3330',
    });
  }, 300_000);
});
