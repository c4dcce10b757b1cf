import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type FeedStatus, type MarketFeed } from '@dalal/brokers';
import { type Alert, type Bar, type Tick } from '@dalal/contracts';
import { fromIst, tradingCalendar } from '@dalal/market';

import { marketDataConfigSchema } from './config';
import { createFeed, type PreparedFeed } from './feeds/feed-factory';
import { MarketDataRunner, type MarketDataSink } from './market-data-runner';

class ArraySink implements MarketDataSink {
  readonly ticksOut: Tick[] = [];
  readonly barsOut: Bar[] = [];
  readonly alerts: Alert[] = [];
  async ticks(ticks: readonly Tick[]) {
    this.ticksOut.push(...ticks);
  }
  async bars(bars: readonly Bar[]) {
    this.barsOut.push(...bars);
  }
  async alert(alert: Alert) {
    this.alerts.push(alert);
  }
}

/** A live feed driven by hand. */
class ManualFeed implements MarketFeed {
  readonly name = 'manual';
  private readonly tickListeners = new Set<(tick: Tick) => void>();
  private readonly statusListeners = new Set<(status: FeedStatus) => void>();
  subscribed: Array<string | number> = [];
  closed = false;
  async connect() {}
  subscribe(instruments: readonly (string | number)[]) {
    this.subscribed.push(...instruments);
  }
  unsubscribe() {}
  onTick(listener: (tick: Tick) => void) {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }
  onStatus(listener: (status: FeedStatus) => void) {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
  async close() {
    this.closed = true;
  }
  tick(tick: Tick) {
    for (const l of this.tickListeners) l(tick);
  }
}

const liveConfig = marketDataConfigSchema.parse({
  REDIS_URL: 'redis://in-memory',
  MD_FEED: 'kite',
  MD_KITE_INSTRUMENTS: '256265=NSE:NIFTY 50',
  MD_TIMEFRAMES: '1m,5m',
  MD_STALE_SECONDS: '20',
  KITE_API_KEY: 'k',
  KITE_USER_ID: 'XX0000',
  TOKEN_ENCRYPTION_KEY: 'x',
});

function liveRunner(start: string, date = '2026-12-01') {
  let now = fromIst(date, start).getTime();
  const sink = new ArraySink();
  const feeds: ManualFeed[] = [];
  const runner = new MarketDataRunner({
    config: liveConfig,
    sink,
    calendar: tradingCalendar('NSE'),
    now: () => new Date(now),
    openFeed: async (): Promise<PreparedFeed> => {
      const feed = new ManualFeed();
      feeds.push(feed);
      return { feed, instruments: [256265] };
    },
  });
  return {
    runner,
    sink,
    feeds,
    setTime: (time: string) => (now = fromIst(date, time).getTime()),
  };
}

const nifty = (time: string, ltp: string): Tick => ({
  instrument: 'NIFTY 50',
  exchange: 'NSE',
  ltp,
  exchangeTs: fromIst('2026-12-01', time).toISOString(),
});

describe('MarketDataRunner', () => {
  it('replays a CSV through validation and aggregation, closing the last bars at the end of the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-'));
    const file = join(dir, 'three-minutes.csv');
    writeFileSync(
      file,
      [
        'timestamp,open,high,low,close,volume',
        '2012-12-03T09:16:00+05:30,5882.30,5884.25,5873.10,5873.15,0',
        '2012-12-03T09:17:00+05:30,5872.80,5874.85,5869.60,5873.85,0',
        '2012-12-03T09:18:00+05:30,5873.70,5878.00,5872.10,5877.55,0',
      ].join('\n'),
    );
    const config = marketDataConfigSchema.parse({
      REDIS_URL: 'redis://in-memory',
      MD_REPLAY_FILE: file,
      MD_REPLAY_SPEED: '0',
    });
    const sink = new ArraySink();
    const calendar = tradingCalendar('NSE');
    const now = () => new Date(0);
    const runner = new MarketDataRunner({
      config,
      sink,
      calendar,
      now,
      openFeed: () => createFeed({ config, calendar, now }),
    });
    await runner.start();
    while (runner.stats.state !== 'finished') await new Promise((resolve) => setTimeout(resolve, 5));
    await runner.idle();
    await runner.stop();
    expect(sink.ticksOut).toHaveLength(12);
    const summary = sink.barsOut.map(
      (b) => `${b.timeframe} ${b.openTime.slice(11, 16)} ${b.open}-${b.close}`,
    );
    expect(summary).toEqual([
      '1m 03:45 5882.30-5873.15',
      '1m 03:46 5872.80-5873.85',
      '1m 03:47 5873.70-5877.55',
      '3m 03:45 5882.30-5877.55',
      '5m 03:45 5882.30-5877.55',
      '15m 03:45 5882.30-5877.55',
      '1h 03:45 5882.30-5877.55',
      '1d 03:45 5882.30-5877.55',
    ]);
  });

  it('a live feed stays idle before the session, connects a minute before 09:15, and leaves after 15:30', async () => {
    const { runner, feeds, sink, setTime } = liveRunner('08:50');
    await runner.onTimer();
    expect(feeds).toHaveLength(0);
    setTime('09:14:10');
    await runner.onTimer();
    expect(feeds).toHaveLength(1);
    expect(feeds[0]!.subscribed).toEqual([256265]);
    setTime('09:15:02');
    feeds[0]!.tick(nifty('09:15:01', '24100'));
    setTime('09:16:03');
    await runner.onTimer(); // 09:15 bucket ended at 09:16:00, plus the 2 s grace
    await runner.idle();
    expect(sink.barsOut.map((b) => `${b.timeframe} ${b.close}`)).toEqual(['1m 24100']);
    setTime('15:30:01');
    await runner.onTimer();
    await runner.idle();
    expect(feeds[0]!.closed).toBe(true);
    expect(sink.barsOut.map((b) => b.timeframe)).toEqual(['1m', '5m']);
    expect(runner.stats.state).toBe('idle');
    await runner.stop();
  });

  it('stays idle all day on a holiday (Christmas 2026)', async () => {
    const { runner, feeds, setTime } = liveRunner('09:20', '2026-12-25');
    await runner.onTimer();
    setTime('12:00');
    await runner.onTimer();
    expect(feeds).toHaveLength(0);
    await runner.stop();
  });

  it('raises feed_stale after the configured silence in market hours, and feed_recovered on the next tick', async () => {
    const { runner, feeds, sink, setTime } = liveRunner('10:00');
    await runner.onTimer();
    feeds[0]!.tick(nifty('10:00:00', '24100'));
    setTime('10:00:15');
    await runner.onTimer();
    expect(sink.alerts).toEqual([]);
    setTime('10:00:21');
    await runner.onTimer();
    setTime('10:00:22');
    feeds[0]!.tick(nifty('10:00:22', '24101'));
    await runner.idle();
    expect(sink.alerts.map((a) => a.code)).toEqual(['feed_stale', 'feed_recovered']);
    await runner.stop();
  });

  it('alerts when the live feed cannot connect, and retries later rather than spinning', async () => {
    let attempts = 0;
    let now = fromIst('2026-12-01', '10:00').getTime();
    const sink = new ArraySink();
    const runner = new MarketDataRunner({
      config: liveConfig,
      sink,
      calendar: tradingCalendar('NSE'),
      now: () => new Date(now),
      openFeed: async () => {
        attempts++;
        throw new Error('no live Kite session for XX0000: log in again');
      },
    });
    await runner.onTimer();
    now += 10_000;
    await runner.onTimer();
    expect(attempts).toBe(1);
    now += 30_000;
    await runner.onTimer();
    expect(attempts).toBe(2);
    expect(sink.alerts[0]).toMatchObject({ severity: 'CRITICAL', code: 'feed_connect_failed' });
    await runner.stop();
  });
});

describe('market-data config', () => {
  it('reads Kite tokens with our names and refuses a kite feed without a session to use', () => {
    const parsed = marketDataConfigSchema.safeParse({ REDIS_URL: 'redis://x', MD_FEED: 'kite' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['KITE_API_KEY', 'KITE_USER_ID', 'TOKEN_ENCRYPTION_KEY', 'MD_KITE_INSTRUMENTS']),
    );
    expect(liveConfig.MD_KITE_INSTRUMENTS).toEqual([
      { token: 256265, exchange: 'NSE', instrument: 'NIFTY 50' },
    ]);
    expect(marketDataConfigSchema.safeParse({ REDIS_URL: 'redis://x', MD_TIMEFRAMES: '1m,2m' }).success).toBe(
      false,
    );
  });
});
