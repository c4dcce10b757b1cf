import { barSchema, tickSchema, type Bar, type Tick } from '@dalal/contracts';
import { FakeBinanceStream, type FakeBinanceStreamKline } from '@dalal/fakes';

import { BinanceFeed, type BinanceKline } from './binance-feed';
import { type FeedStatus } from '../market-feed';

const fastBackoff = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.5 };
const T0 = Date.parse('2025-12-02T10:00:00.000Z');

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function trade(i: number, symbol = 'BTCUSDT') {
  return { symbol, price: `${86000 + i}.01000000`, quantity: '0.00120000', eventTime: T0 + i * 1000 + 7 };
}

function kline(minute: number, closed: boolean): FakeBinanceStreamKline {
  return {
    symbol: 'BTCUSDT',
    interval: '1m',
    openTime: T0 + minute * 60_000,
    open: '86000.01000000',
    high: '86010.50000000',
    low: '85990.00000000',
    close: '86005.25000000',
    volume: '12.34500000',
    quoteVolume: '1061700.12345678',
    trades: 42,
    closed,
  };
}

describe('BinanceFeed against the fake Binance stream server', () => {
  let fake: FakeBinanceStream;
  let feed: BinanceFeed;
  let ticks: Tick[];
  let bars: [Bar, BinanceKline][];
  let statuses: FeedStatus[];

  beforeEach(async () => {
    fake = await FakeBinanceStream.start();
    ticks = [];
    bars = [];
    statuses = [];
  });

  afterEach(async () => {
    await feed.close();
    await fake.close();
  });

  function newFeed(): BinanceFeed {
    feed = new BinanceFeed({ baseUrl: fake.url, backoff: fastBackoff, random: () => 0.5 });
    feed.onTick((t) => ticks.push(t));
    feed.onBar((b, k) => bars.push([b, k]));
    feed.onStatus((s) => statuses.push(s));
    return feed;
  }

  it('opens one combined stream with @trade and @kline_1m per symbol', async () => {
    newFeed().subscribe(['BTCUSDT']);
    expect(feed.url()).toBe(`${fake.url}/stream?streams=btcusdt@trade/btcusdt@kline_1m`);
    await feed.connect();
    await fake.waitUntil((f) => f.clientCount === 1);
    expect(fake.streams()).toEqual(new Set(['btcusdt@trade', 'btcusdt@kline_1m']));
    expect(statuses).toEqual([{ kind: 'connected', reconnects: 0 }]);
  });

  it('trades become BINANCE contract ticks with the decimal strings kept and event time as exchangeTs', async () => {
    newFeed().subscribe(['BTCUSDT']);
    await feed.connect();
    await fake.waitUntil((f) => f.clientCount === 1);
    fake.sendTrades([trade(0), trade(1)]);
    await until(() => ticks.length === 2);
    expect(ticks[0]).toEqual({
      instrument: 'BTCUSDT',
      exchange: 'BINANCE',
      ltp: '86000.01000000',
      exchangeTs: '2025-12-02T10:00:00.007Z',
    });
    expect(ticks[1]!.ltp).toBe('86001.01000000');
    for (const t of ticks) expect(tickSchema.parse(t)).toEqual(t);
    expect(feed.stats()).toMatchObject({ ticks: 2, malformed: 0 });
  });

  it('closed klines become bars through onBar; forming klines are ignored', async () => {
    newFeed().subscribe(['btcusdt']);
    await feed.connect();
    await fake.waitUntil((f) => f.clientCount === 1);
    fake.sendKlines([kline(0, false), kline(0, false), kline(0, true), kline(1, false)]);
    fake.sendTrades([trade(0)]); // an event after the klines, so we know they were all read
    await until(() => ticks.length === 1);
    expect(bars).toHaveLength(1);
    const [bar, k] = bars[0]!;
    expect(bar).toEqual({
      instrument: 'BTCUSDT',
      exchange: 'BINANCE',
      timeframe: '1m',
      openTime: '2025-12-02T10:00:00.000Z',
      closeTime: '2025-12-02T10:01:00.000Z',
      open: '86000.01000000',
      high: '86010.50000000',
      low: '85990.00000000',
      close: '86005.25000000',
      volume: 12,
      closed: true,
    });
    expect(barSchema.parse(bar)).toEqual(bar);
    expect(k).toMatchObject({ volume: '12.34500000', quoteVolume: '1061700.12345678', trades: 42 });
    expect(feed.stats()).toMatchObject({ bars: 1, openKlines: 3, malformed: 0 });
  });

  it('subscribe and unsubscribe while open go out as SUBSCRIBE / UNSUBSCRIBE requests', async () => {
    newFeed().subscribe(['BTCUSDT']);
    await feed.connect();
    feed.subscribe(['ETHUSDT']);
    await fake.waitUntil((f) => f.streams().has('ethusdt@trade'));
    expect(fake.liveClients[0]!.received[0]).toEqual({
      method: 'SUBSCRIBE',
      params: ['ethusdt@trade', 'ethusdt@kline_1m'],
      id: 1,
    });
    fake.sendTrades([trade(0, 'ETHUSDT')]);
    await until(() => ticks.length === 1);
    expect(ticks[0]!.instrument).toBe('ETHUSDT');

    feed.unsubscribe(['BTCUSDT']);
    await fake.waitUntil((f) => !f.streams().has('btcusdt@trade'));
    expect(fake.sendTrades([trade(1)])).toBe(0);
    await until(() => feed.stats().ignored === 2); // the two {"result":null} answers
  });

  it('malformed JSON and events without their fields are counted, the socket stays up', async () => {
    newFeed().subscribe(['BTCUSDT']);
    await feed.connect();
    await fake.waitUntil((f) => f.clientCount === 1);
    fake.sendRaw('{"stream":"btcusdt@trade","data":{"e":"trade"');
    fake.sendRaw('not json');
    fake.sendRaw(
      JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', s: 'BTCUSDT', p: 86000.5, E: T0 } }),
    );
    fake.sendRaw(
      JSON.stringify({ stream: 'btcusdt@kline_1m', data: { e: 'kline', s: 'BTCUSDT', k: { x: true } } }),
    );
    fake.sendTrades([trade(3)]);
    await until(() => ticks.length === 1);
    expect(feed.stats()).toMatchObject({ malformed: 4, ticks: 1, bars: 0, reconnects: 0 });
    expect(ticks[0]!.ltp).toBe('86003.01000000');
  });

  it('dropped mid-session: backs off, reconnects with every stream in the URL, ticks continue', async () => {
    newFeed().subscribe(['BTCUSDT']);
    await feed.connect();
    feed.subscribe(['ETHUSDT']); // added live, must be in the reconnect URL
    await fake.waitUntil((f) => f.streams().size === 4);
    fake.sendTrades([trade(0), trade(1)]);
    await until(() => ticks.length === 2);

    fake.refuseNextConnections(2);
    fake.dropConnections();
    await fake.waitUntil((f) => f.connections === 2 && f.clientCount === 1);
    expect(fake.streams()).toEqual(
      new Set(['btcusdt@trade', 'btcusdt@kline_1m', 'ethusdt@trade', 'ethusdt@kline_1m']),
    );
    expect(fake.liveClients[0]!.received).toEqual([]); // all carried by the URL, nothing re-sent
    fake.sendTrades([trade(2), trade(3, 'ETHUSDT')]);
    fake.sendKlines([kline(0, true)]);
    await until(() => ticks.length === 4 && bars.length === 1);

    expect(ticks.map((t) => t.ltp)).toEqual([
      '86000.01000000',
      '86001.01000000',
      '86002.01000000',
      '86003.01000000',
    ]);
    expect(feed.stats()).toMatchObject({ reconnects: 1, reconnectAttempts: 3 });
    expect(statuses.map((s) => s.kind)).toEqual([
      'connected',
      'disconnected',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'reconnected',
      'connected',
    ]);
    const delays = statuses.flatMap((s) => (s.kind === 'reconnecting' ? [s.delayMs] : []));
    expect(delays).toEqual([20, 40, 80]);
    expect(statuses).toContainEqual({ kind: 'reconnected', reconnects: 1, resubscribed: 2 });
  });

  it('a refused first connect rejects instead of retrying; bad symbols are rejected', async () => {
    fake.refuseNextConnections(1);
    await expect(newFeed().connect()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(() => feed.subscribe(['BTC/USDT'])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
