import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type INestApplication } from '@nestjs/common';
import { Client } from 'pg';

import { parseBarsCsv, runBacktest, type BacktestResult } from '@dalal/backtest';
import { RedisStreamStore } from '@dalal/bus';
import {
  approvedOrdersStream,
  intentsStream,
  parseEnvelope,
  type OrderRequest,
  type StrategyIntent,
} from '@dalal/contracts';
import { calendarFromTradingDays, istDate } from '@dalal/market';
import { MarketDataModule, marketDataConfigSchema } from '@dalal/market-data';
import { OrderExecutionModule, orderExecutionConfigSchema } from '@dalal/order-execution';
import { openDatabase, type PrismaService } from '@dalal/persistence';
import { parseRiskLimits } from '@dalal/risk';
import { RiskManagerModule, clientOrderIdFor, riskManagerConfigSchema } from '@dalal/risk-manager';
import { startService, stopService } from '@dalal/runtime';
import { strategyDefinition, strategyPreset } from '@dalal/strategies';
import { StrategyEngineModule, strategyEngineConfigSchema } from '@dalal/strategy-engine';
import { RedisServerProcess, waitFor } from '@dalal/testing';

const FILE = join(__dirname, '../../../../shared/data/nifty-2012-12-1m.csv');
/** 2012-12-03 from the open to 12:15 IST: ema-mean-reversion enters three times (2 lots, then 1 and 1). */
const DAY = '2012-12-03';
const UNTIL = '12:15';
const SPEED = Number(process.env['PARITY_SPEED'] ?? 60);

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** A fresh database on the test Postgres, dropped afterwards. */
async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `dalal_parity_${Math.random().toString(36).slice(2, 10)}`;
  await admin(`CREATE DATABASE ${name}`);
  return {
    url: Object.assign(new URL(POSTGRES), { pathname: `/${name}` }).toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

type Row = readonly [intentId: string, action: string, legs: string];

const legText = (legs: ReadonlyArray<{ instrument: string; side: string; quantity: number }>) =>
  legs.map((leg) => `${leg.side} ${leg.quantity} ${leg.instrument}`).join(' + ');

/** What the backtester decided, as intents and as the order requests its approvals stand for. */
function backtestRows(result: BacktestResult): { intents: Row[]; orders: Row[] } {
  const intents: Row[] = result.decisions.map((d) => [d.intentId, d.kind, '']);
  const orders: Row[] = [];
  for (const decision of result.decisions) {
    if (decision.code !== null) continue;
    const entry = result.trades.find(
      (t) => decision.kind === 'ENTER' && Date.parse(t.signalTime) === decision.time,
    );
    const exit = result.trades.find(
      (t) =>
        decision.kind === 'EXIT' &&
        t.exitSignalTime !== null &&
        Date.parse(t.exitSignalTime) === decision.time,
    );
    const trade = entry ?? exit;
    if (!trade) throw new Error(`no trade for approved ${decision.kind} ${decision.intentId}`);
    const legs = trade.legs.map((leg) => ({
      instrument: leg.symbol,
      quantity: leg.quantity,
      side: exit ? (leg.side === 'BUY' ? 'SELL' : 'BUY') : leg.side,
    }));
    orders.push([decision.intentId, decision.kind, legText(legs)]);
  }
  return { intents, orders };
}

/**
 * Runs only with DALAL_PARITY=1 (not yet in `npm test`): the four services reproduce the backtest's
 * decisions while the paper fills keep pace, but the paper broker fills a market order at the index's last
 * tick when the order ARRIVES, and on a loaded machine the bus pipeline is slower than one replayed tick,
 * so fills (and the sizing and exits that follow from them) drift from next-bar-open. The fix is carrying
 * the decision's bar close through the order request to the paper broker (docs/architecture.md).
 */
const describeParity = process.env['DALAL_PARITY'] === '1' ? describe : describe.skip;

describeParity('one kernel: a morning of NIFTY through dalal backtest and through the four services', () => {
  const redis = new RedisServerProcess(19_100 + Math.floor(Math.random() * 500));
  const dir = mkdtempSync(join(tmpdir(), 'dalal-parity-'));
  const csvPath = join(dir, 'nifty-morning.csv');
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let prisma: PrismaService;
  let store: RedisStreamStore;
  const apps: INestApplication[] = [];

  const csv = readFileSync(FILE, 'utf8');
  const month = parseBarsCsv(csv, { file: FILE, barLabel: 'end' });
  const calendar = calendarFromTradingDays('NSE', [
    ...new Set(month.map((b) => istDate(new Date(b.time)))),
  ]).calendar;
  const [header, ...lines] = csv.trim().split('\n');
  const morning = lines.filter((line) => line.startsWith(DAY) && line.slice(11, 16) <= UNTIL);
  writeFileSync(csvPath, `${[header, ...morning].join('\n')}\n`);

  beforeAll(async () => {
    await redis.start();
    store = new RedisStreamStore(redis.url);
    database = await createPostgresDatabase();
    prisma = await openDatabase({ kind: 'postgres', url: database.url });
  }, 60_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await stopService(app);
    await store.close();
    await prisma.close();
    await database.drop();
    await redis.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives identical intents and identical order requests (ids, sides, quantities)', async () => {
    const definition = strategyDefinition('ema-mean-reversion');
    const preset = strategyPreset(definition, 'nifty-2012');
    const backtest = runBacktest({
      strategy: definition.create(preset.params),
      bars: parseBarsCsv(readFileSync(csvPath, 'utf8'), { file: csvPath, barLabel: 'end' }),
      underlying: 'NIFTY',
      capital: 500_000,
      lotSize: 50,
      calendar,
      risk: parseRiskLimits(definition.riskDefaults),
    });
    const expected = backtestRows(backtest);
    expect(expected.orders.filter(([, action]) => action === 'ENTER')).toHaveLength(3);

    await prisma.strategyInstance.create({
      data: {
        id: 'ema-mean-reversion',
        strategyId: 'ema-mean-reversion',
        underlying: 'NIFTY',
        timeframe: '3m',
        params: { lotSize: 50 },
        mode: 'paper',
        enabled: true,
        updatedAt: new Date(),
      },
    });
    const env = { REDIS_URL: redis.url, LOG_LEVEL: process.env['PARITY_LOG'] ?? 'fatal' };
    const port = 26_000 + Math.floor(Math.random() * 500) * 5;
    const services = [
      [
        'order-execution',
        OrderExecutionModule.forRoot({
          config: orderExecutionConfigSchema.parse({ ...env, PORT: String(port + 3), ORDER_BROKER: 'paper' }),
          prisma,
          calendar,
        }),
      ],
      [
        'risk-manager',
        RiskManagerModule.forRoot({
          config: riskManagerConfigSchema.parse({ ...env, PORT: String(port + 2) }),
          prisma,
        }),
      ],
      [
        'strategy-engine',
        StrategyEngineModule.forRoot({
          config: strategyEngineConfigSchema.parse({ ...env, PORT: String(port + 1) }),
          prisma,
          calendar,
        }),
      ],
      [
        'market-data',
        MarketDataModule.forRoot({
          config: marketDataConfigSchema.parse({
            ...env,
            PORT: String(port),
            MD_FEED: 'replay',
            MD_REPLAY_FILE: csvPath,
            MD_REPLAY_SPEED: String(SPEED),
          }),
          prisma,
        }),
      ],
    ] as const;
    for (const [offset, [name, module]] of services.entries()) {
      const config = {
        ...env,
        PORT: port + 10 + offset,
        BUS_MAX_LEN: 100_000,
        BUS_CLAIM_IDLE_MS: 30_000,
        BUS_MAX_ATTEMPTS: 3,
        BUS_RETRY_DELAY_MS: 100,
      };
      apps.push(await startService({ name, module, store, config: config as never }));
    }

    const read = async <T>(stream: string): Promise<T[]> =>
      (await store.range(stream)).map((entry) => {
        const parsed = parseEnvelope(stream, entry.data ?? '');
        if (!parsed.ok) throw new Error(parsed.error);
        return parsed.envelope.payload as T;
      });
    // The replay runs ~(morning minutes ÷ SPEED) seconds; done when every backtest order request has come out
    // and the intents have stopped growing past the backtest's count.
    const progress = async () => {
      const names = [
        'md.ticks',
        'md.bars',
        intentsStream(),
        approvedOrdersStream(),
        'risk.rejections',
        'orders.fills',
        'alerts',
      ];
      const lengths = await Promise.all(names.map(async (name) => `${name}=${await store.length(name)}`));
      return lengths.join(' ');
    };
    await waitFor(
      async () => (await store.length(approvedOrdersStream())) >= expected.orders.length,
      'the order requests of the morning',
      Number(process.env['PARITY_WAIT_MS'] ?? 240_000),
    ).catch(async (error: Error) => {
      // Go on to the comparison, which names the first difference; keep what the bus holds for the reader.
      process.stderr.write(`${error.message}; streams: ${await progress()}\n`);
    });
    await waitFor(
      async () => (await store.length(intentsStream())) >= expected.intents.length,
      'the intents of the morning',
      10_000,
    ).catch(() => undefined); // the comparison below names what is missing

    const intents = await read<StrategyIntent>(intentsStream());
    const orders = await read<OrderRequest>(approvedOrdersStream());
    if (process.env['PARITY_DEBUG']) {
      const fills = await read<{ intentId?: string; filledAt: string; price: string; side: string }>(
        'orders.fills',
      );
      process.stderr.write(
        [
          ...backtest.decisions.map(
            (d) => `bt ${d.intentId} ${new Date(d.time).toISOString()} ${d.kind} ${d.reason} ${d.code ?? ''}`,
          ),
          ...backtest.trades.map(
            (t) =>
              `bt-trade ${t.entryTime} ${t.exitTime} ${t.legs[0]!.entryPrice} ${t.legs[0]!.exitPrice} ${t.exitReason} lots ${t.lots}`,
          ),
          ...intents.map((i) => `live ${i.intentId} ${i.barTime} ${i.action} ${i.reason}`),
          ...fills.map((f) => `fill ${f.intentId ?? ''} ${f.filledAt} ${f.side} ${f.price}`),
        ].join('\n') + '\n',
      );
    }
    expect(intents.map((i): Row => [i.intentId, i.action, ''])).toEqual(expected.intents);
    expect(orders.map((o): Row => [o.intentId, o.action, legText(o.legs.map((l) => l.leg))])).toEqual(
      expected.orders,
    );
    for (const order of orders) {
      expect(order.legs.map((l) => l.clientOrderId)).toEqual(
        order.legs.map((_, i) => clientOrderIdFor(order.intentId, i)),
      );
    }
  }, 300_000);
});
