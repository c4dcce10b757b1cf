import { performance } from 'node:perf_hooks';

import {
  TickValidator,
  emptyKiteParseStats,
  kiteTickToTick,
  parseKiteMessage,
  type KiteTick,
} from '@dalal/brokers';
import { MemoryStreamStore, RedisStreamStore, StreamPublisher, type StreamStore } from '@dalal/bus';
import { BAR, TICK, barsStream, ticksStream, type Alert, type Bar, type Tick } from '@dalal/contracts';
import { encodeKiteMessage, encodeKitePacket, type FakeKiteTick } from '@dalal/fakes';
import { TickAggregator, tradingCalendar } from '@dalal/market';
import { BarBuilder, MarketDataRunner, marketDataConfigSchema } from '@dalal/market-data';
import { RedisServerProcess } from '@dalal/testing';

import { type BenchRow, percentile } from '../bench-row';

const PACKETS_PER_MESSAGE = 100;
const MESSAGES = 2_000;
const ROUNDS = 5;
const TARGET = '≥ 500,000 ticks/s';
const TIMEFRAMES = ['1m', '3m', '5m', '15m', '1h', '1d'] as const;
/** 2025-12-02 13:15 IST: the messages' exchange time starts mid-session, one second per message. */
const FIRST_SECOND = 1_764_661_500;

/** 100 NFO option tokens moving a few paise per message, the shape of a busy option-chain stream. */
function messages(mode: 'quote' | 'full'): Buffer[] {
  const out: Buffer[] = [];
  for (let m = 0; m < MESSAGES; m++) {
    const packets = Array.from({ length: PACKETS_PER_MESSAGE }, (_, i) => {
      const tick: FakeKiteTick = {
        token: ((10_000 + i) << 8) | 2,
        lastPrice: (150 + i + (m % 20) * 0.05).toFixed(2),
        lastQuantity: 75,
        averagePrice: '150.10',
        volume: 100_000 + m,
        buyQuantity: 1000,
        sellQuantity: 1200,
        ohlc: { open: '150.00', high: '190.00', low: '120.00', close: '148.00' },
        exchangeTimestamp: FIRST_SECOND + m,
        lastTradeTime: FIRST_SECOND + m,
        oi: 5_000_000,
        depth: {
          buy: [{ price: '150.00', quantity: 75, orders: 1 }],
          sell: [{ price: '150.05', quantity: 150, orders: 2 }],
        },
      };
      return encodeKitePacket(tick, mode);
    });
    out.push(encodeKiteMessage(packets));
  }
  return out;
}

function rate(run: () => number): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const ticks = run();
    rates.push(ticks / ((performance.now() - start) / 1000));
  }
  return percentile(
    rates.sort((a, b) => a - b),
    50,
  );
}

function parseOnly(frames: Buffer[]): number {
  const stats = emptyKiteParseStats();
  const out: KiteTick[] = [];
  let ticks = 0;
  for (const frame of frames) {
    parseKiteMessage(frame, stats, out);
    ticks += out.length;
    out.length = 0;
  }
  return ticks;
}

function parseMapValidate(frames: Buffer[]): number {
  const stats = emptyKiteParseStats();
  const validator = new TickValidator();
  const receivedAt = new Date('2025-12-02T05:00:00Z');
  const out: KiteTick[] = [];
  let accepted = 0;
  for (const frame of frames) {
    parseKiteMessage(frame, stats, out);
    for (const kiteTick of out) {
      const tick = kiteTickToTick(kiteTick, receivedAt);
      if (tick && validator.check(tick).ok) accepted++;
    }
    out.length = 0;
  }
  // Count every parsed tick: rejected ones were processed too.
  return accepted > 0 ? stats.packets : 0;
}

/**
 * Parse → `TickAggregator` for six timeframes per token: the raw hot path. Quote packets carry no
 * exchange time, so they are stamped with the message's receive second, as KiteFeed stamps them.
 */
function parseAggregate(frames: Buffer[]): number {
  const stats = emptyKiteParseStats();
  const series = new Map<number, TickAggregator[]>();
  const out: KiteTick[] = [];
  let bars = 0;
  // Packets of one message share their exchange second: parse the ISO string once, as BarBuilder does.
  let lastStamp = '';
  let lastStampMs = 0;
  for (let m = 0; m < frames.length; m++) {
    parseKiteMessage(frames[m]!, stats, out);
    const receivedMs = (FIRST_SECOND + m) * 1000;
    for (const kiteTick of out) {
      let aggregators = series.get(kiteTick.token);
      if (!aggregators) {
        aggregators = TIMEFRAMES.map((t) => new TickAggregator(t));
        series.set(kiteTick.token, aggregators);
      }
      const stamp = kiteTick.exchangeTimestamp;
      if (stamp && stamp !== lastStamp) {
        lastStamp = stamp;
        lastStampMs = Date.parse(stamp);
      }
      const tick = {
        time: stamp ? lastStampMs : receivedMs,
        price: kiteTick.lastPrice,
        volume: kiteTick.volume,
      };
      for (const aggregator of aggregators) bars += aggregator.push(tick).length;
    }
    out.length = 0;
  }
  return bars > 0 ? stats.packets : 0;
}

/** Parse → contract tick → market-data's `BarBuilder` (validation + six aggregators): the service's pure core. */
function parseMapBuild(frames: Buffer[]): number {
  const stats = emptyKiteParseStats();
  const builder = new BarBuilder({ timeframes: TIMEFRAMES });
  const out: KiteTick[] = [];
  let bars = 0;
  for (let m = 0; m < frames.length; m++) {
    parseKiteMessage(frames[m]!, stats, out);
    const receivedAt = new Date((FIRST_SECOND + m) * 1000);
    for (const kiteTick of out) {
      const tick = kiteTickToTick(kiteTick, receivedAt);
      if (!tick) continue;
      const outcome = builder.tick(tick);
      if (outcome.ok) bars += outcome.closed.length;
    }
    out.length = 0;
  }
  return bars > 0 ? stats.packets : 0;
}

/**
 * Tick-to-published-bar latency through `MarketDataRunner` (queue, validation, aggregation, envelope,
 * append to the stream store): from the tick that closes a minute entering the service to
 * its bars being appended. Postgres storage is left out (see docs/market-data.md).
 */
async function tickToBarLatency(store: StreamStore): Promise<number[]> {
  const config = marketDataConfigSchema.parse({
    REDIS_URL: 'redis://in-memory',
    MD_FEED: 'kite',
    MD_KITE_INSTRUMENTS: '256265=NSE:NIFTY 50',
    KITE_API_KEY: 'bench',
    KITE_USER_ID: 'bench',
    TOKEN_ENCRYPTION_KEY: 'bench',
  });
  const publisher = new StreamPublisher(store, { source: 'market-data' });
  let sentAt = 0;
  const latencies: number[] = [];
  let emit: ((tick: Tick) => void) | undefined;
  const runner = new MarketDataRunner({
    config,
    calendar: tradingCalendar('NSE'),
    now: () => new Date('2025-12-02T07:45:00Z'),
    sink: {
      ticks: (ticks) => publisher.publishMany(ticksStream(), TICK, ticks),
      bars: async (bars: readonly Bar[]) => {
        await publisher.publishMany(barsStream(), BAR, bars);
        latencies.push(performance.now() - sentAt);
      },
      alert: async (_alert: Alert) => undefined,
    },
    openFeed: async () => ({
      instruments: [256265],
      feed: {
        name: 'bench',
        connect: async () => undefined,
        subscribe: () => undefined,
        unsubscribe: () => undefined,
        onTick: (listener) => {
          emit = listener;
          return () => undefined;
        },
        onStatus: () => () => undefined,
        close: async () => undefined,
      },
    }),
  });
  await runner.start();
  await runner.stop(); // timers off; the feed's listener stays wired
  const base = Date.parse('2025-12-02T07:45:00Z');
  for (let minute = 0; minute < 2_000; minute++) {
    for (let second = 0; second < 60; second += 15) {
      const closing = second === 0 && minute > 0;
      if (closing) sentAt = performance.now();
      emit!({
        instrument: 'NIFTY 50',
        exchange: 'NSE',
        ltp: (24_000 + ((minute * 7 + second) % 40) * 0.05).toFixed(2),
        exchangeTs: new Date(
          base + (minute % 375) * 60_000 + second * 1000 + Math.floor(minute / 375) * 86_400_000,
        ).toISOString(),
      });
      if (closing) await runner.idle();
    }
  }
  await runner.idle();
  return latencies;
}

/**
 * Kite binary parse throughput on one core; parse → contract tick → validation; parse → tick
 * aggregation into six timeframes (the ≥ 500,000 ticks/s target); the service's whole pure core; and
 * tick-to-published-bar latency through the service loop.
 */
export async function feedsBenchmark(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const mode of ['quote', 'full'] as const) {
    const frames = messages(mode);
    parseOnly(frames); // warm up
    rows.push({
      benchmark: 'feeds',
      metric: `kite ${mode} parse`,
      value: rate(() => parseOnly(frames)),
      unit: 'ticks/s',
      target: TARGET,
    });
    parseMapValidate(frames);
    rows.push({
      benchmark: 'feeds',
      metric: `kite ${mode} parse+map+validate`,
      value: rate(() => parseMapValidate(frames)),
      unit: 'ticks/s',
      target: TARGET,
    });
    parseAggregate(frames);
    rows.push({
      benchmark: 'feeds',
      metric: `kite ${mode} parse+aggregate (6 timeframes)`,
      value: rate(() => parseAggregate(frames)),
      unit: 'ticks/s',
      target: TARGET,
    });
    parseMapBuild(frames);
    rows.push({
      benchmark: 'feeds',
      metric: `kite ${mode} parse+map+validate+aggregate (BarBuilder)`,
      value: rate(() => parseMapBuild(frames)),
      unit: 'ticks/s',
    });
  }
  const redis = new RedisServerProcess(19_100 + Math.floor(Math.random() * 500));
  await redis.start();
  const redisStore = new RedisStreamStore(redis.url);
  try {
    for (const [bus, store] of [
      ['in-memory bus', new MemoryStreamStore()],
      ['Redis', redisStore],
    ] as const) {
      const latencies = (await tickToBarLatency(store)).sort((a, b) => a - b);
      for (const p of [50, 99] as const) {
        rows.push({
          benchmark: 'feeds',
          metric: `tick→published bar latency p${p} (${bus})`,
          value: percentile(latencies, p),
          unit: 'ms',
        });
      }
    }
  } finally {
    await redisStore.close();
    await redis.kill();
  }
  return rows;
}
