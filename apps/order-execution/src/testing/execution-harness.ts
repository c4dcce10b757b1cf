import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import {
  type Alert,
  type Fill,
  type OrderEvent,
  type OrderRequest,
  type PositionUpdate,
} from '@dalal/contracts';
import { type BrokerAdapter, KiteAdapter, ResilientBroker } from '@dalal/brokers';
import { FakeKiteServer } from '@dalal/fakes';
import {
  OrdersRepository,
  openDatabase,
  type PrismaService,
  TradingStateRepository,
} from '@dalal/persistence';

import { type ExecutionEvents } from '../execution/execution-events';
import { OrderExecutor } from '../execution/order-executor';
import { Reconciler } from '../execution/reconciler';
import { TradingGuard } from '../execution/trading-guard';
import { TradingStateGate } from '../execution/trading-state-gate';
import { indexOptionCharges } from '../fill-charges';
import { PrismaExecutionStore } from '../prisma-execution-store';

export const TEST_POSTGRES_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What execution published, kept in order for assertions. */
export class RecordedEvents implements ExecutionEvents {
  readonly orderEvents: OrderEvent[] = [];
  readonly fills: Fill[] = [];
  readonly positions: PositionUpdate[] = [];
  readonly alerts: Alert[] = [];
  async orderEvent(event: OrderEvent) {
    this.orderEvents.push(event);
  }
  async fill(fill: Fill) {
    this.fills.push(fill);
  }
  async position(update: PositionUpdate) {
    this.positions.push(update);
  }
  async alert(alert: Alert) {
    this.alerts.push(alert);
  }
}

/** A fresh Postgres database, migrated by our applier. */
export async function freshDatabase(): Promise<{
  url: string;
  prisma: PrismaService;
  drop: () => Promise<void>;
}> {
  const name = `dalal_exec_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const prisma = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    url: url.toString(),
    prisma,
    drop: async () => {
      await prisma.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Order execution against the fake Kite server through the real Kite client, on a real Postgres. */
export async function executionAgainstFakeKite(
  prisma: PrismaService,
  fake: FakeKiteServer,
  options: { wrap?: (broker: BrokerAdapter) => BrokerAdapter; ordersPerSecond?: number } = {},
) {
  const events = new RecordedEvents();
  const guard = new TradingGuard();
  const states = new TradingStateRepository(prisma);
  const gate = new TradingStateGate(states);
  const repository = new OrdersRepository(prisma);
  const store = new PrismaExecutionStore(repository);
  const kite = new KiteAdapter({ apiKey: fake.apiKey, accessToken: fake.accessToken, root: fake.url });
  const broker = new ResilientBroker(options.wrap ? options.wrap(kite) : kite, {
    orderRate: [{ limit: options.ordersPerSecond ?? 10, windowMs: 1000 }],
  });
  const now = () => new Date();
  const executor = new OrderExecutor({
    store,
    broker,
    events,
    guard,
    gate,
    plan: { lotSizeOf: () => 65, freezeOf: () => 1800 },
    mode: 'live',
    chargesOf: (order, quantity, price, at) =>
      indexOptionCharges(order, quantity, price, at, () => undefined),
    now,
  });
  const reconciler = new Reconciler({ store, broker, events, guard, mode: 'live' });
  return { executor, reconciler, events, guard, gate, states, repository, store };
}

export function request(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    intentId: 'intent-1',
    strategyId: 'ema-mean-reversion',
    mode: 'live',
    broker: 'kite',
    action: 'ENTER',
    legs: [
      {
        clientOrderId: 'EMR0000000000000001',
        leg: {
          instrument: 'NIFTY26D0825000CE',
          exchange: 'NFO',
          side: 'BUY',
          quantity: 130,
          orderType: 'LIMIT',
          product: 'MIS',
          validity: 'DAY',
          price: '101.05',
          role: 'MAIN',
        },
      },
    ],
    ...overrides,
  };
}
