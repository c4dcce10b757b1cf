import { type FeedStatus, type KiteInstrument, type MarketFeed } from '@dalal/brokers';
import { type Alert, type Bar, type Tick } from '@dalal/contracts';
import { fromIst, nextExpiry, tradingCalendar } from '@dalal/market';

import { marketDataConfigSchema } from '../config';
import { type PreparedFeed } from '../feeds/feed-factory';
import { MarketDataRunner, type MarketDataSink } from '../market-data-runner';
import { type ChainInstrumentSource, optionChainTrackerFromConfig } from './option-chain-tracker';

class ArraySink implements MarketDataSink {
  readonly ticksOut: Tick[] = [];
  readonly alerts: Alert[] = [];
  async ticks(ticks: readonly Tick[]) {
    this.ticksOut.push(...ticks);
  }
  async bars(_bars: readonly Bar[]) {}
  async alert(alert: Alert) {
    this.alerts.push(alert);
  }
}

/** A live feed driven by hand that records what it is asked to stream. */
class RecordingFeed implements MarketFeed {
  readonly name = 'recording';
  private readonly tickListeners = new Set<(tick: Tick) => void>();
  readonly calls: Array<{ op: 'subscribe' | 'unsubscribe'; tokens: Array<string | number> }> = [];
  readonly streaming = new Set<string | number>();
  async connect() {}
  subscribe(instruments: readonly (string | number)[]) {
    this.calls.push({ op: 'subscribe', tokens: [...instruments] });
    for (const i of instruments) this.streaming.add(i);
  }
  unsubscribe(instruments: readonly (string | number)[]) {
    this.calls.push({ op: 'unsubscribe', tokens: [...instruments] });
    for (const i of instruments) this.streaming.delete(i);
  }
  onTick(listener: (tick: Tick) => void) {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }
  onStatus(_listener: (status: FeedStatus) => void) {
    return () => undefined;
  }
  async close() {}
  tick(tick: Tick) {
    for (const l of this.tickListeners) l(tick);
  }
}

const DAY = '2026-12-01';
const EXPIRY = nextExpiry('NIFTY', DAY).date;
const LATER = nextExpiry('NIFTY', '2026-12-02').date;

/** NIFTY options 25,500–26,500 for the current and a later expiry, tokens on the NFO segment. */
function dump(): KiteInstrument[] {
  const rows: KiteInstrument[] = [];
  let n = 1;
  for (const expiry of [EXPIRY, LATER]) {
    for (let strike = 25_500; strike <= 26_500; strike += 50) {
      for (const type of ['CE', 'PE']) {
        rows.push({
          instrumentToken: (n++ << 8) | 2,
          exchangeToken: n,
          tradingsymbol: `NIFTY${expiry.replace(/-/g, '')}${strike}${type}`,
          name: 'NIFTY',
          lastPrice: '0',
          expiry,
          strike: `${strike}.0`,
          tickSize: '0.05',
          lotSize: 75,
          instrumentType: type,
          segment: 'NFO-OPT',
          exchange: 'NFO',
        });
      }
    }
  }
  return rows;
}

const ROWS = dump();
const tokensOf = (strikes: number[]) =>
  ROWS.filter((r) => r.expiry === EXPIRY && strikes.includes(Number(r.strike)))
    .map((r) => r.instrumentToken)
    .sort((a, b) => a - b);
const sorted = (tokens: Array<string | number>) => [...tokens].map(Number).sort((a, b) => a - b);

const config = marketDataConfigSchema.parse({
  REDIS_URL: 'redis://in-memory',
  MD_FEED: 'kite',
  MD_KITE_INSTRUMENTS: '256265=NSE:NIFTY 50',
  MD_TIMEFRAMES: '1m',
  KITE_API_KEY: 'k',
  KITE_USER_ID: 'XX0000',
  TOKEN_ENCRYPTION_KEY: 'x',
  MD_OPTION_CHAIN_UNDERLYING: 'NIFTY',
  MD_OPTION_CHAIN_INDEX_TOKEN: '256265',
  MD_OPTION_CHAIN_STRIKES: '2',
});

const nifty = (date: string, time: string, ltp: string): Tick => ({
  instrument: 'NIFTY 50',
  exchange: 'NSE',
  ltp,
  exchangeTs: fromIst(date, time).toISOString(),
});

function rig() {
  let now = fromIst(DAY, '09:14:30');
  const requests: string[] = [];
  const source: ChainInstrumentSource = {
    chainInstruments: async (underlying, today) => {
      requests.push(`${underlying} ${today}`);
      return ROWS;
    },
  };
  const optionChain = optionChainTrackerFromConfig(config, source)!;
  const feeds: RecordingFeed[] = [];
  const sink = new ArraySink();
  const runner = new MarketDataRunner({
    config,
    sink,
    calendar: tradingCalendar('NSE'),
    now: () => now,
    optionChain,
    openFeed: async (): Promise<PreparedFeed> => {
      const feed = new RecordingFeed();
      feeds.push(feed);
      return { feed, instruments: [256265] };
    },
  });
  return {
    runner,
    feeds,
    sink,
    optionChain,
    requests,
    at: (date: string, time: string) => (now = fromIst(date, time)),
  };
}

describe('option-chain subscription in the service', () => {
  it('config: the chain needs the index among the Kite instruments', () => {
    const base = {
      REDIS_URL: 'redis://in-memory',
      MD_FEED: 'kite',
      MD_KITE_INSTRUMENTS: '256265=NSE:NIFTY 50',
      KITE_API_KEY: 'k',
      KITE_USER_ID: 'XX0000',
      TOKEN_ENCRYPTION_KEY: 'x',
      MD_OPTION_CHAIN_UNDERLYING: 'nifty',
    };
    expect(marketDataConfigSchema.safeParse(base).success).toBe(false);
    expect(marketDataConfigSchema.safeParse({ ...base, MD_OPTION_CHAIN_INDEX_TOKEN: '260105' }).success).toBe(
      false,
    );
    const ok = marketDataConfigSchema.parse({ ...base, MD_OPTION_CHAIN_INDEX_TOKEN: '256265' });
    expect(ok.MD_OPTION_CHAIN_UNDERLYING).toBe('NIFTY');
    expect(ok.MD_OPTION_CHAIN_STRIKES).toBe(5);
    expect(
      marketDataConfigSchema.safeParse({
        ...base,
        MD_OPTION_CHAIN_INDEX_TOKEN: '256265',
        MD_OPTION_CHAIN_UNDERLYING: 'FINNIFTY',
      }).success,
    ).toBe(false); // no known strike interval: MD_OPTION_CHAIN_STRIKE_INTERVAL is required
  });

  it('subscribes ATM ± N on the first index tick, re-centres when the index moves a strike, and drops the far strikes', async () => {
    const t = rig();
    await t.runner.onTimer(); // a minute before the open: connects
    const feed = t.feeds[0]!;
    expect(t.requests).toEqual([`NIFTY ${DAY}`]);
    expect(feed.calls).toEqual([{ op: 'subscribe', tokens: [256265] }]);

    feed.tick(nifty(DAY, '09:15:01', '26010.35'));
    expect(t.optionChain.window).toMatchObject({ expiry: EXPIRY, atm: 26_000 });
    expect(feed.calls).toHaveLength(2);
    expect(feed.calls[1]!.op).toBe('subscribe');
    expect(sorted(feed.calls[1]!.tokens)).toEqual(tokensOf([25_900, 25_950, 26_000, 26_050, 26_100]));

    // Within the ATM strike's band: nothing changes.
    feed.tick(nifty(DAY, '09:15:02', '26020.00'));
    expect(feed.calls).toHaveLength(2);

    // The index rises by more than a strike interval (50): 26,150 and 26,200 come in, 25,900 and 25,950 go.
    feed.tick(nifty(DAY, '09:15:03', '26118.40'));
    expect(t.optionChain.window).toMatchObject({ atm: 26_100 });
    expect(feed.calls.slice(2).map((c) => c.op)).toEqual(['unsubscribe', 'subscribe']);
    expect(sorted(feed.calls[2]!.tokens)).toEqual(tokensOf([25_900, 25_950]));
    expect(sorted(feed.calls[3]!.tokens)).toEqual(tokensOf([26_150, 26_200]));
    expect(sorted([...feed.streaming])).toEqual(
      sorted([256265, ...tokensOf([26_000, 26_050, 26_100, 26_150, 26_200])]),
    );

    // An option tick the feed could only name by token gets its tradingsymbol.
    const token = tokensOf([26_100])[0]!;
    feed.tick({
      instrument: String(token),
      exchange: 'NFO',
      ltp: '120.5',
      exchangeTs: fromIst(DAY, '09:15:04').toISOString(),
    });
    await t.runner.idle();
    const named = t.sink.ticksOut.find((k) => k.exchange === 'NFO');
    expect(named?.instrument).toBe(ROWS.find((r) => r.instrumentToken === token)!.tradingsymbol);
    await t.runner.stop();
  });

  it('a new day’s connection builds a fresh window (next expiry) and subscribes all of it', async () => {
    const t = rig();
    await t.runner.onTimer();
    t.feeds[0]!.tick(nifty(DAY, '09:15:01', '26010'));
    t.at(DAY, '15:31');
    await t.runner.onTimer(); // after the close: disconnects
    t.at('2026-12-02', '09:14:30');
    await t.runner.onTimer();
    const feed = t.feeds[1]!;
    expect(t.requests).toEqual([`NIFTY ${DAY}`, 'NIFTY 2026-12-02']);
    feed.tick(nifty('2026-12-02', '09:15:01', '25890'));
    expect(t.optionChain.window).toMatchObject({
      expiry: nextExpiry('NIFTY', '2026-12-02').date,
      atm: 25_900,
    });
    expect(feed.calls.map((c) => c.op)).toEqual(['subscribe', 'subscribe']);
    expect(feed.calls[1]!.tokens).toHaveLength(10);
    await t.runner.stop();
  });

  it('without instruments for the chain the feed still runs on its configured tokens', async () => {
    const optionChain = optionChainTrackerFromConfig(config, { chainInstruments: async () => [] })!;
    const feed = new RecordingFeed();
    const sink = new ArraySink();
    const runner = new MarketDataRunner({
      config,
      sink,
      calendar: tradingCalendar('NSE'),
      now: () => fromIst(DAY, '09:20'),
      optionChain,
      openFeed: async () => ({ feed, instruments: [256265] }),
    });
    await runner.onTimer();
    feed.tick(nifty(DAY, '09:20:01', '26010'));
    await runner.idle();
    expect(feed.calls).toEqual([{ op: 'subscribe', tokens: [256265] }]);
    expect(sink.ticksOut).toHaveLength(1);
    await runner.stop();
  });
});
