import { type INestApplication } from '@nestjs/common';
import Redis from 'ioredis';

import { runBacktest } from '@dalal/backtest';
import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import {
  BAR,
  CONTROL_COMMAND,
  alertsStream,
  barsStream,
  controlStream,
  intentsStream,
  parseEnvelope,
  type Alert,
  type Bar,
  type StrategyIntent,
} from '@dalal/contracts';
import { lotSizeOn, tradeDate } from '@dalal/domain';
import { intentIdFor, optionInstrument } from '@dalal/kernel';
import { nextExpiry } from '@dalal/market';
import { BarsRepository, InstrumentsRepository, TradingStateRepository } from '@dalal/persistence';
import { startService, stopService } from '@dalal/runtime';
import { strategyDefinition } from '@dalal/strategies';
import { RedisServerProcess, waitFor } from '@dalal/testing';

import { strategyEngineConfigSchema } from './config';
import { engineGroup } from './engine.listener';
import { StrategyEngineModule } from './strategy-engine.module';
import {
  CROSS_UP_CLOSES,
  FAST_SMA,
  freshDatabase,
  indexBars,
  niftyBars,
  storeInstance,
  withFailing,
} from './testing/engine-harness';

/**
 * The service as deployed: its module on a real (throwaway) redis-server and a real Postgres, instances
 * read from `strategy_instances`, bars from `md.bars` as market-data publishes them.
 */
describe('strategy-engine service on Redis and Postgres', () => {
  const redis = new RedisServerProcess(18_400 + Math.floor(Math.random() * 500));
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let store: RedisStreamStore;
  let marketData: StreamPublisher;
  let gateway: StreamPublisher;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    await redis.start();
    store = new RedisStreamStore(redis.url);
    marketData = new StreamPublisher(store, { source: 'market-data' });
    gateway = new StreamPublisher(store, { source: 'gateway' });
  }, 60_000);

  beforeEach(async () => {
    db = await freshDatabase();
    // Each scenario on an empty bus: no bars, intents or consumer groups from the one before.
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
  }, 60_000);

  afterEach(async () => {
    if (app) await stopService(app);
    app = undefined;
    await db.drop();
  });

  afterAll(async () => {
    await store.close();
    await redis.kill();
  });

  async function start(
    strategies = withFailing(Number.POSITIVE_INFINITY),
    now?: () => Date,
    sharding: { name: string; shards: string } = { name: 'strategy-engine', shards: '' },
  ): Promise<INestApplication> {
    const config = strategyEngineConfigSchema.parse({
      REDIS_URL: redis.url,
      PORT: String(25_200 + Math.floor(Math.random() * 500)),
      LOG_LEVEL: process.env['ENGINE_SPEC_LOG'] ?? 'fatal',
      STRATEGY_SHARDS: sharding.shards,
    });
    app = await startService({
      name: sharding.name,
      module: StrategyEngineModule.forRoot({ config, prisma: db.prisma, strategies, now }),
      store,
      config,
    });
    return app;
  }

  async function read<T>(stream: string): Promise<T[]> {
    return (await store.range(stream)).map((e) => {
      const parsed = parseEnvelope(stream, e.data ?? '');
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.envelope.payload as T;
    });
  }

  const publishBars = async (bars: readonly Bar[]) => {
    for (const bar of bars) await marketData.publish(barsStream(), BAR, bar);
  };

  /** Waits until the engine's group has been handed everything on `stream`. */
  const delivered = (stream: string) =>
    waitFor(async () => (await store.groupLag(stream, engineGroup([]))) === 0, `${stream} delivered`);

  it('a stored sma-crossover instance turns the published bars into the backtest’s CE entry and a signal', async () => {
    await storeInstance(db.prisma, { id: 'sma-crossover', strategyId: 'sma-crossover', params: FAST_SMA });
    await start();
    const bars = niftyBars(CROSS_UP_CLOSES);
    await publishBars(bars);
    await waitFor(async () => (await store.length(intentsStream())) === 1, 'one intent');

    const last = bars[4]!;
    const expiry = nextExpiry('NIFTY', '2026-12-01').date;
    const lotSize = lotSizeOn('NIFTY', tradeDate('2026-12-01'), tradeDate(expiry));
    const intentId = intentIdFor('sma-crossover', Date.parse(last.closeTime), 0);
    const [intent] = await read<StrategyIntent>(intentsStream());
    expect(intent).toEqual({
      intentId,
      strategyId: 'sma-crossover',
      mode: 'paper',
      action: 'ENTER',
      legs: [
        {
          instrument: optionInstrument('NIFTY', { expiry, strike: 24100, optionType: 'CE' }),
          exchange: 'NFO',
          side: 'BUY',
          quantity: lotSize,
          orderType: 'MARKET',
          product: 'MIS',
          validity: 'DAY',
          role: 'MAIN',
        },
      ],
      sizing: { kind: 'FIXED' },
      lotSize,
      tradeId: intentId,
      tag: 'CE',
      reason: 'SMA2 crossed above SMA3',
      indicators: { close: 24100, smaFast: 24035, smaSlow: (23980 + 23970 + 24100) / 3 },
      barTime: last.openTime,
      decidedAt: last.closeTime,
    });

    // The backtester, on the same bars, decides the same intent under the same id.
    const backtest = runBacktest({
      strategy: strategyDefinition('sma-crossover').create({}, { ...FAST_SMA, timeframe: '1m' }),
      bars: bars.map((b) => ({
        time: Date.parse(b.openTime),
        open: Number(b.open),
        high: Number(b.high),
        low: Number(b.low),
        close: Number(b.close),
        volume: 0,
      })),
      underlying: 'NIFTY',
      capital: 500_000,
    });
    expect(backtest.decisions.map((d) => [d.intentId, d.kind, d.reason])).toEqual([
      [intentId, 'ENTER', 'SMA2 crossed above SMA3'],
    ]);

    const signals = await db.prisma.signal.findMany();
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      intentId,
      strategyId: 'sma-crossover',
      mode: 'paper',
      action: 'ENTER',
      rule: 'SMA2 crossed above SMA3',
      indicators: intent!.indicators,
      legs: intent!.legs,
      barTime: new Date(last.openTime),
    });
  }, 60_000);

  it('warms up on the stored bars: the first live bar after them makes the same entry', async () => {
    await storeInstance(db.prisma, { id: 'sma-crossover', strategyId: 'sma-crossover', params: FAST_SMA });
    const bars = niftyBars(CROSS_UP_CLOSES);
    // What market-data stored before the engine started: the first four bars of the session.
    const instrumentId = await new InstrumentsRepository(db.prisma).ensureInstrument({
      exchange: 'NSE',
      symbol: 'NIFTY 50',
      kind: 'INDEX',
    });
    await new BarsRepository(db.prisma).saveBarMessages(instrumentId, bars.slice(0, 4));
    await start(undefined, () => new Date(bars[3]!.closeTime));

    // The bus still holds the stored bars (a replay, or a group created late): they decide nothing again.
    await publishBars(bars);
    await waitFor(async () => (await store.length(intentsStream())) === 1, 'the entry');
    await delivered(barsStream());
    const intents = await read<StrategyIntent>(intentsStream());
    expect(intents.map((i) => [i.intentId, i.reason])).toEqual([
      [intentIdFor('sma-crossover', Date.parse(bars[4]!.closeTime), 0), 'SMA2 crossed above SMA3'],
    ]);
  }, 60_000);

  it('without a warm-up the same instance, started after four bars, has no SMA 3 yet and stays flat', async () => {
    await storeInstance(db.prisma, { id: 'sma-crossover', strategyId: 'sma-crossover', params: FAST_SMA });
    const bars = niftyBars(CROSS_UP_CLOSES);
    await start(undefined, () => new Date(bars[3]!.closeTime));
    await publishBars(bars.slice(4));
    await delivered(barsStream());
    expect(await store.length(intentsStream())).toBe(0);
  }, 60_000);

  it('a strategy that throws is stopped with a CRITICAL alert while the other keeps trading', async () => {
    await storeInstance(db.prisma, { id: 'failing-1', strategyId: 'failing' });
    await storeInstance(db.prisma, { id: 'sma-1', strategyId: 'sma-crossover', params: FAST_SMA });
    await start(withFailing(3));
    await publishBars(niftyBars(CROSS_UP_CLOSES));
    await waitFor(async () => (await store.length(intentsStream())) === 1, 'the healthy strategy’s entry');

    const alerts = await read<Alert>(alertsStream());
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      severity: 'CRITICAL',
      code: 'strategy_failed',
      details: { strategyId: 'failing-1' },
    });
    expect(alerts[0]!.message).toContain('indicator state corrupt');
    const intents = await read<StrategyIntent>(intentsStream());
    expect(intents.map((i) => [i.strategyId, i.action, i.tag])).toEqual([['sma-1', 'ENTER', 'CE']]);
  }, 60_000);

  it('STOP_STRATEGY stops that instance’s intents; the other instance still enters', async () => {
    await storeInstance(db.prisma, { id: 'sma-stopped', strategyId: 'sma-crossover', params: FAST_SMA });
    await storeInstance(db.prisma, { id: 'sma-going', strategyId: 'sma-crossover', params: FAST_SMA });
    await start();
    const bars = niftyBars(CROSS_UP_CLOSES);
    await publishBars(bars.slice(0, 4));
    await gateway.publish(controlStream(), CONTROL_COMMAND, {
      command: 'STOP_STRATEGY',
      issuedBy: 'operator',
      strategyId: 'sma-stopped',
    });
    await delivered(controlStream());
    await publishBars(bars.slice(4));
    await waitFor(async () => (await store.length(intentsStream())) === 1, 'one entry');
    await delivered(barsStream());

    const intents = await read<StrategyIntent>(intentsStream());
    expect(intents.map((i) => i.strategyId)).toEqual(['sma-going']);
    expect(await db.prisma.signal.count({ where: { strategyId: 'sma-stopped' } })).toBe(0);
  }, 60_000);

  it('KILL_SWITCH on the bus holds the entry back; after REARM the next cross enters', async () => {
    await storeInstance(db.prisma, { id: 'sma-crossover', strategyId: 'sma-crossover', params: FAST_SMA });
    await start();
    // Two crosses up: on the fifth bar and again on the ninth.
    const bars = niftyBars([...CROSS_UP_CLOSES, 23900, 23800, 23700, 24200]);
    await publishBars(bars.slice(0, 4));
    await gateway.publish(controlStream(), CONTROL_COMMAND, {
      command: 'KILL_SWITCH',
      issuedBy: 'operator',
      reason: 'broker trouble',
    });
    await delivered(controlStream());
    await publishBars(bars.slice(4, 8));
    await delivered(barsStream());
    expect(await store.length(intentsStream())).toBe(0);

    await gateway.publish(controlStream(), CONTROL_COMMAND, { command: 'REARM', issuedBy: 'operator' });
    await delivered(controlStream());
    await publishBars(bars.slice(8));
    await waitFor(async () => (await store.length(intentsStream())) === 1, 'the entry after the re-arm');
    const [intent] = await read<StrategyIntent>(intentsStream());
    expect(intent).toMatchObject({ action: 'ENTER', barTime: bars[8]!.openTime });
    expect(await db.prisma.signal.count()).toBe(1);
  }, 60_000);

  it('a kill switch persisted while the engine was down holds entries from its first bar', async () => {
    await storeInstance(db.prisma, { id: 'sma-crossover', strategyId: 'sma-crossover', params: FAST_SMA });
    await new TradingStateRepository(db.prisma).change({
      state: 'HALTED',
      actor: 'operator',
      reason: 'overnight halt',
      at: new Date(),
    });
    await start();
    await publishBars(niftyBars(CROSS_UP_CLOSES));
    await delivered(barsStream());
    expect(await store.length(intentsStream())).toBe(0);
  }, 60_000);

  it('two engines on shards 0 and 1: each instance decides once, in the engine whose shard carries its bars', async () => {
    await storeInstance(db.prisma, { id: 'sma-nifty', strategyId: 'sma-crossover', params: FAST_SMA });
    await storeInstance(db.prisma, {
      id: 'sma-sensex',
      strategyId: 'sma-crossover',
      underlying: 'SENSEX',
      params: FAST_SMA,
    });
    const second = await start(undefined, undefined, { name: 'strategy-engine-1', shards: '1' });
    try {
      await start(undefined, undefined, { name: 'strategy-engine-0', shards: '0' });
      for (const bar of niftyBars(CROSS_UP_CLOSES)) await marketData.publish(barsStream(0), BAR, bar);
      for (const bar of indexBars('BSE', 'SENSEX', [80000, 79990, 79980, 79970, 80100]))
        await marketData.publish(barsStream(1), BAR, bar);
      await waitFor(async () => (await store.length(intentsStream())) === 2, 'both entries');
      await waitFor(
        async () =>
          (await store.groupLag(barsStream(0), engineGroup([0]))) === 0 &&
          (await store.groupLag(barsStream(1), engineGroup([1]))) === 0,
        'both shards handled',
      );

      const made = (await store.range(intentsStream())).map((e) => {
        const parsed = parseEnvelope(intentsStream(), e.data ?? '');
        if (!parsed.ok) throw new Error(parsed.error);
        const intent = parsed.envelope.payload as StrategyIntent;
        return [parsed.envelope.source, intent.strategyId, intent.legs[0]!.exchange];
      });
      expect(made.sort()).toEqual([
        ['strategy-engine-0', 'sma-nifty', 'NFO'],
        ['strategy-engine-1', 'sma-sensex', 'BFO'],
      ]);
      expect(await db.prisma.signal.count()).toBe(2);
    } finally {
      await stopService(second);
    }
  }, 60_000);
});
