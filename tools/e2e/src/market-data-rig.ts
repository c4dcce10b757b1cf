import { randomBytes } from 'node:crypto';

import { type INestApplication } from '@nestjs/common';
import { Client } from 'pg';

import { RedisStreamStore } from '@dalal/bus';
import { type Bar as BarMessage, alertsStream, barsStream, parseEnvelope } from '@dalal/contracts';
import { FakeKiteServer, FakeKiteTicker, type FakeKiteCandle, type FakeKiteTick } from '@dalal/fakes';
import { type Bar, fromIst } from '@dalal/market';
import { MarketDataModule, MarketDataRunner, marketDataConfigSchema } from '@dalal/market-data';
import {
  BarsRepository,
  BrokerSessionsRepository,
  InstrumentsRepository,
  openDatabase,
  type PrismaService,
  TokenCipher,
} from '@dalal/persistence';
import { startService } from '@dalal/runtime';
import { RedisServerProcess, waitFor } from '@dalal/testing';

const POSTGRES = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** An NFO token (segment byte 2) and our name for it. */
export const TOKEN = 12_345 * 256 + 2;
export const SYMBOL = 'NIFTY26D0124000CE';
export const DAY = '2026-12-01';
export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '1h', '1d'] as const;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const at = (time: string): number => fromIst(DAY, time).getTime();

/** A seeded walk of 1-minute option bars from 09:15, prices on the 0.05 grid, volumes multiples of 4. */
export function minuteBars(count: number, seed = 5): Bar[] {
  let s = seed;
  const rnd = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const snap = (x: number) => Math.round(x * 20) / 20;
  const bars: Bar[] = [];
  let price = 120;
  for (let i = 0; i < count; i++) {
    const open = snap(price);
    const close = snap(Math.max(1, open + (rnd() - 0.5) * 4));
    const high = snap(Math.max(open, close) + rnd() * 1.5);
    const low = snap(Math.max(0.05, Math.min(open, close) - rnd() * 1.5));
    bars.push({
      time: at('09:15') + i * 60_000,
      open,
      high,
      low,
      close,
      volume: 4 * (50 + Math.floor(rnd() * 500)),
    });
    price = close;
  }
  return bars;
}

/**
 * The replay's tick path through each bar (open at its start, nearer extreme at +15 s, the other at
 * +30 s, close at +59 s) as Kite full-mode ticks, with the day's cumulative volume rising a quarter
 * of the bar's volume per tick.
 */
export function kiteTicks(bars: readonly Bar[], cumulativeBefore = 0): FakeKiteTick[][] {
  let cumulative = cumulativeBefore;
  return bars.map((b) => {
    const up = b.close >= b.open;
    const path = [b.open, up ? b.low : b.high, up ? b.high : b.low, b.close];
    const offsets = [0, 15_000, 30_000, 59_000];
    return path.map((price, k) => {
      cumulative += b.volume / 4;
      const seconds = (b.time + offsets[k]!) / 1000;
      return {
        token: TOKEN,
        lastPrice: price.toFixed(2),
        volume: cumulative,
        lastTradeTime: seconds,
        exchangeTimestamp: seconds,
      };
    });
  });
}

export const candlesOf = (bars: readonly Bar[]): FakeKiteCandle[] => bars.map((b) => ({ ...b }));

/** Real Redis, a fresh Postgres database, the fake Kite ticker and REST server, and market-data on them. */
export class MarketDataRig {
  readonly redis = new RedisServerProcess(18_000 + Math.floor(Math.random() * 900));
  readonly rest = new FakeKiteServer();
  ticker!: FakeKiteTicker;
  prisma!: PrismaService;
  app: INestApplication | undefined;
  runner!: MarketDataRunner;
  bus!: RedisStreamStore;
  /** The service's clock (epoch ms): market time in these tests. */
  nowMs = at('09:14:30');
  private readonly dbName = `dalal_md_${randomBytes(6).toString('hex')}`;

  async start(): Promise<void> {
    await this.redis.start();
    await this.rest.start();
    this.ticker = await FakeKiteTicker.start({ heartbeatMs: 500 });
    await admin(`CREATE DATABASE ${this.dbName}`);
    const url = new URL(POSTGRES);
    url.pathname = `/${this.dbName}`;
    this.prisma = await openDatabase({ kind: 'postgres', url: url.toString() });
    const key = randomBytes(32).toString('hex');
    await new BrokerSessionsRepository(this.prisma, new TokenCipher(Buffer.from(key, 'hex'))).saveSession({
      broker: 'kite',
      accountId: 'XX0000',
      accessToken: this.ticker.accessToken,
      issuedAt: new Date(at('08:00')),
      expiresAt: new Date(at('23:00')),
    });
    this.rest.accessToken = this.ticker.accessToken;
    const config = marketDataConfigSchema.parse({
      REDIS_URL: this.redis.url,
      PORT: String(26_000 + Math.floor(Math.random() * 900)),
      LOG_LEVEL: 'warn',
      MD_FEED: 'kite',
      MD_KITE_INSTRUMENTS: `${TOKEN}=NFO:${SYMBOL}`,
      MD_TIMEFRAMES: TIMEFRAMES.join(','),
      MD_TIMER_MS: '50',
      KITE_API_KEY: this.ticker.apiKey,
      KITE_API_ROOT: this.rest.url,
      KITE_TICKER_ROOT: this.ticker.url,
      KITE_USER_ID: 'XX0000',
      TOKEN_ENCRYPTION_KEY: key,
    });
    this.bus = new RedisStreamStore(this.redis.url);
    this.app = await startService({
      name: 'market-data',
      module: MarketDataModule.forRoot({ config, prisma: this.prisma, now: () => new Date(this.nowMs) }),
      config,
      store: this.bus,
    });
    this.runner = this.app.get(MarketDataRunner);
    await this.ticker.waitUntil((t) => t.subscriptions().get(TOKEN) === 'full', 10_000);
  }

  /** Sends each minute's ticks with the clock at each tick's time, waiting until the service took them. */
  async play(minutes: readonly FakeKiteTick[][]): Promise<void> {
    for (const ticks of minutes) {
      for (const tick of ticks) {
        this.nowMs = tick.exchangeTimestamp! * 1000;
        const before = this.runner.stats.ticksIn;
        this.ticker.sendTicks([tick]);
        await waitFor(() => this.runner.stats.ticksIn > before, 'tick received', 5_000);
      }
    }
    await this.runner.idle();
  }

  /** Bars of a timeframe as Postgres holds them, as numbers for comparison with the backtest resampler. */
  async storedBars(timeframe: string): Promise<Bar[]> {
    const id = await new InstrumentsRepository(this.prisma).ensureInstrument({
      exchange: 'NFO',
      symbol: SYMBOL,
      kind: 'INDEX_OPTION',
    });
    const rows = await new BarsRepository(this.prisma).findBars(
      id,
      timeframe,
      new Date(0),
      new Date(at('23:59')),
    );
    return rows.map((r) => ({
      time: r.openTime.getTime(),
      open: Number(r.open.toString()),
      high: Number(r.high.toString()),
      low: Number(r.low.toString()),
      close: Number(r.close.toString()),
      volume: Number(r.volume),
    }));
  }

  /** Closed bars published on md.bars. */
  async publishedBars(): Promise<BarMessage[]> {
    const entries = await this.bus.range(barsStream());
    return entries.flatMap((e) => {
      const parsed = parseEnvelope(barsStream(), e.data ?? '');
      return parsed.ok ? [parsed.envelope.payload as BarMessage] : [];
    });
  }

  async alerts(): Promise<string[]> {
    const entries = await this.bus.range(alertsStream());
    return entries.map((e) => (JSON.parse(e.data ?? '{}') as { payload: { code: string } }).payload.code);
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.bus?.close();
    await this.prisma?.close();
    await admin(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`);
    await this.ticker?.close();
    await this.rest.stop();
    await this.redis.kill();
  }
}
