import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import {
  type Alert,
  type Fill,
  type OrderRequest,
  type RiskRejection,
  type StrategyIntent,
} from '@dalal/contracts';
import { fromIst } from '@dalal/market';
import {
  OrdersRepository,
  RiskBookRepository,
  TradingStateRepository,
  openDatabase,
  type PrismaService,
} from '@dalal/persistence';

import { RiskDesk } from '../risk-desk';
import { riskLimitsFor } from '../risk-limits-source';
import { type RiskOutput } from '../risk-output';

export const TEST_POSTGRES_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh Postgres database, migrated by our applier, dropped by `drop`. */
export async function freshDatabase(): Promise<{
  url: string;
  prisma: PrismaService;
  drop: () => Promise<void>;
}> {
  const name = `dalal_risk_${randomBytes(6).toString('hex')}`;
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

/** What the desk published, in order. `failNext` makes the next publish throw (a bus outage). */
export class RecordedOutput implements RiskOutput {
  readonly requests: OrderRequest[] = [];
  readonly rejections: RiskRejection[] = [];
  readonly alerts: Alert[] = [];
  failNext = false;

  async approved(request: OrderRequest) {
    this.check();
    this.requests.push(request);
  }
  async rejected(rejection: RiskRejection) {
    this.check();
    this.rejections.push(rejection);
  }
  async alert(alert: Alert) {
    this.alerts.push(alert);
  }
  private check() {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('bus unavailable');
    }
  }
}

/** A risk desk on a real database, as the module builds it, with the account's settings given. */
export async function startDesk(
  prisma: PrismaService,
  account: Record<string, unknown> = {},
  output: RecordedOutput = new RecordedOutput(),
): Promise<{ desk: RiskDesk; output: RecordedOutput; states: TradingStateRepository }> {
  const books = new RiskBookRepository(prisma);
  const states = new TradingStateRepository(prisma);
  const desk = new RiskDesk({
    books,
    states,
    output,
    limitsFor: (id) => riskLimitsFor(id, account, (instanceId) => books.strategyInstance(instanceId)),
    mode: 'paper',
    broker: 'paper',
  });
  await desk.start();
  return { desk, output, states };
}

export const DAY = '2026-12-01';
export const at = (time: string, date = DAY): string => fromIst(date, time).toISOString();

/** A CE entry of ema-mean-reversion: one NIFTY lot a set, risk-sized from the premium at risk. */
export function entry(
  intentId: string,
  time: string,
  overrides: Partial<StrategyIntent> = {},
): StrategyIntent {
  return {
    intentId,
    strategyId: 'ema-mean-reversion',
    mode: 'paper',
    action: 'ENTER',
    legs: [
      {
        instrument: 'NIFTY26D0825000CE',
        exchange: 'NFO',
        side: 'BUY',
        quantity: 65,
        orderType: 'MARKET',
        product: 'MIS',
        validity: 'DAY',
        role: 'MAIN',
      },
    ],
    sizing: { kind: 'RISK', riskPerSet: '6500' },
    lotSize: 65,
    tradeId: intentId,
    tag: 'CE',
    reason: 'ce_entry',
    indicators: { ema10: 25010.5 },
    barTime: at(time),
    ...overrides,
  };
}

/** The exit of a trade: its legs reversed for the quantity held. */
export function exit(intentId: string, tradeId: string, quantity: number, time: string): StrategyIntent {
  return {
    ...entry(intentId, time),
    action: 'EXIT',
    legs: [{ ...entry(intentId, time).legs[0]!, side: 'SELL', quantity }],
    sizing: { kind: 'FIXED' },
    tradeId,
    reason: 'stop_loss',
  };
}

/**
 * What order-execution would do with an approved request: record its orders, fill every leg at `price`
 * (stored, as execution stores before it publishes) and hand the fills to the desk.
 */
export async function execute(
  prisma: PrismaService,
  desk: RiskDesk,
  request: OrderRequest,
  price: string,
  time: string,
  options: { deliver?: boolean } = {},
): Promise<Fill[]> {
  const orders = new OrdersRepository(prisma);
  const fills: Fill[] = [];
  for (const [index, { clientOrderId, leg }] of request.legs.entries()) {
    await orders.recordOrderSubmitted({
      clientOrderId,
      intentId: request.intentId,
      strategyId: request.strategyId,
      mode: 'paper',
      broker: 'paper',
      leg,
      at: at(time),
    });
    const fill: Fill = {
      fillId: `${clientOrderId}-f${index}`,
      clientOrderId,
      intentId: request.intentId,
      strategyId: request.strategyId,
      instrument: leg.instrument,
      exchange: leg.exchange,
      side: leg.side,
      quantity: leg.quantity,
      price,
      charges: '20',
      filledAt: at(time),
    };
    await orders.applyFill(fill);
    fills.push(fill);
    if (options.deliver !== false) await desk.onFill(fill);
  }
  return fills;
}
