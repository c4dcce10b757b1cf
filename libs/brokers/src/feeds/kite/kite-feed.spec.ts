import { type Tick } from '@dalal/contracts';
import { FakeKiteTicker, type FakeKiteTick } from '@dalal/fakes';
import { fixedClock } from '@dalal/market';

import { KiteFeed } from './kite-feed';
import { type FeedStatus } from '../market-feed';
import { TickValidator } from '../validation/tick-validator';

const INFY = 408065;
const NIFTY = 256265;
const fastBackoff = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.5 };

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function infyTick(i: number): FakeKiteTick {
  return {
    token: INFY,
    lastPrice: (1573 + i / 20).toFixed(2),
    lastQuantity: 1,
    averagePrice: '1570.33',
    volume: 1_000_000 + i,
    ohlc: { open: '1569.15', high: '1575.00', low: '1561.05', close: '1567.80' },
    exchangeTimestamp: 1_764_661_500 + i,
    lastTradeTime: 1_764_661_500 + i,
    depth: {
      buy: [{ price: '1573.40', quantity: 5, orders: 1 }],
      sell: [{ price: '1573.70', quantity: 172, orders: 3 }],
    },
  };
}

describe('KiteFeed against the fake Kite ticker', () => {
  let fake: FakeKiteTicker;
  let feed: KiteFeed;
  let ticks: Tick[];
  let statuses: FeedStatus[];

  beforeEach(async () => {
    fake = await FakeKiteTicker.start({ apiKey: 'k', accessToken: 't', heartbeatMs: 200 });
    ticks = [];
    statuses = [];
  });

  afterEach(async () => {
    await feed.close();
    await fake.close();
  });

  function newFeed(accessToken = 't'): KiteFeed {
    feed = new KiteFeed({
      apiKey: 'k',
      accessToken,
      root: fake.url,
      clock: fixedClock(new Date('2025-12-02T05:00:00Z')),
      backoff: fastBackoff,
      random: () => 0.5,
      resolveInstrument: (token) => (token === INFY ? { instrument: 'INFY', exchange: 'NSE' } : undefined),
    });
    feed.onTick((t) => ticks.push(t));
    feed.onStatus((s) => statuses.push(s));
    return feed;
  }

  it('subscribes in full mode and turns each binary packet into an exact contract tick', async () => {
    newFeed().subscribe([INFY], 'full');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().get(INFY) === 'full');
    fake.sendTicks([infyTick(0), infyTick(3)]);
    await until(() => ticks.length === 2);
    expect(ticks[0]).toEqual({
      instrument: 'INFY',
      exchange: 'NSE',
      ltp: '1573.00',
      volume: 1_000_000,
      openInterest: 0,
      bid: '1573.40',
      ask: '1573.70',
      exchangeTs: '2025-12-02T07:45:00.000Z',
    });
    expect(ticks[1]!.ltp).toBe('1573.15');
    expect(feed.stats()).toMatchObject({ ticks: 2, malformed: 0, reconnects: 0 });
    expect(statuses).toEqual([{ kind: 'connected', reconnects: 0 }]);
  });

  it('through the validator: a repeat, a zero print and a fat finger are dropped and counted', async () => {
    const validator = new TickValidator({ outlierBandPct: 5 });
    const good: Tick[] = [];
    newFeed().onTick((t) => {
      if (validator.check(t).ok) good.push(t);
    });
    feed.subscribe([INFY], 'full');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().get(INFY) === 'full');
    fake.sendTicks([infyTick(0), infyTick(0), { ...infyTick(1), lastPrice: '0' }]);
    fake.sendTicks([{ ...infyTick(2), lastPrice: '15731.50' }, infyTick(3)]);
    await until(() => ticks.length === 5);
    expect(good.map((t) => t.ltp)).toEqual(['1573.00', '1573.15']);
    expect(validator.counts()).toMatchObject({ accepted: 2, duplicate: 1, non_positive: 1, outlier: 1 });
  });

  it('an index in quote mode is stamped with the injected clock and named by token', async () => {
    newFeed().subscribe([NIFTY]);
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().get(NIFTY) === 'quote');
    fake.sendTicks([
      { token: NIFTY, lastPrice: '24150.05', ohlc: { open: '1', high: '2', low: '1', close: '2' } },
    ]);
    await until(() => ticks.length === 1);
    expect(ticks[0]).toEqual({
      instrument: String(NIFTY),
      exchange: 'NSE',
      ltp: '24150.05',
      exchangeTs: '2025-12-02T05:00:00.000Z',
    });
  });

  it('counts heartbeats and malformed frames without losing the connection', async () => {
    newFeed().subscribe([INFY], 'ltp');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().get(INFY) === 'ltp');
    fake.sendRaw(Buffer.from([0, 3, 0, 9, 1, 2])); // promises 3 packets, holds a cut one
    fake.sendTicks([infyTick(1)]);
    await until(() => ticks.length === 1 && feed.stats().heartbeats > 0, 3000);
    expect(feed.stats().malformed).toBe(3);
    expect(ticks[0]!.ltp).toBe('1573.05');
  });

  it('passes order updates through', async () => {
    const orders: unknown[] = [];
    newFeed().onOrderUpdate((o) => orders.push(o));
    await feed.connect();
    fake.sendOrderUpdate({ order_id: '1', status: 'COMPLETE' });
    await until(() => orders.length === 1);
    expect(orders[0]).toEqual({ order_id: '1', status: 'COMPLETE' });
  });

  it('a wrong access token fails connect() instead of retrying forever', async () => {
    await expect(newFeed('wrong').connect()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(fake.rejected).toBe(1);
  });

  it('dropped mid-session: backs off, reconnects, resubscribes in the old modes, ticks continue', async () => {
    newFeed().subscribe([INFY], 'full');
    feed.subscribe([NIFTY], 'ltp');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().size === 2);
    for (let i = 0; i < 5; i++) fake.sendTicks([infyTick(i)]);
    await until(() => ticks.length === 5);

    fake.refuseNextConnections(2); // the broker is still down for the first two attempts
    fake.dropConnections();
    await fake.waitUntil((f) => f.connections === 2 && f.subscriptions().size === 2, 5000);
    expect(fake.subscriptions()).toEqual(
      new Map([
        [INFY, 'full'],
        [NIFTY, 'ltp'],
      ]),
    );
    for (let i = 5; i < 10; i++) fake.sendTicks([infyTick(i)]);
    await until(() => ticks.length === 10);

    expect(ticks.map((t) => t.ltp)).toEqual(Array.from({ length: 10 }, (_, i) => (1573 + i / 20).toFixed(2)));
    expect(feed.stats()).toMatchObject({ reconnects: 1, reconnectAttempts: 3 });
    const kinds = statuses.map((s) => s.kind);
    expect(kinds).toEqual([
      'connected',
      'disconnected',
      'reconnecting',
      'reconnecting',
      'reconnecting',
      'reconnected',
      'connected',
    ]);
    const delays = statuses.flatMap((s) => (s.kind === 'reconnecting' ? [s.delayMs] : []));
    expect(delays).toEqual([20, 40, 80]); // doubling from the initial delay
    expect(statuses).toContainEqual({ kind: 'reconnected', reconnects: 1, resubscribed: 2 });
  });

  it('survives two drops in a row and counts both reconnects', async () => {
    newFeed().subscribe([INFY], 'quote');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().size === 1);
    for (let drop = 1; drop <= 2; drop++) {
      fake.dropConnections();
      await fake.waitUntil((f) => f.connections === drop + 1 && f.subscriptions().size === 1);
    }
    fake.sendTicks([infyTick(0)]);
    await until(() => ticks.length === 1);
    expect(feed.stats().reconnects).toBe(2);
  });
});
