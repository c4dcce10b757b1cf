import { type Tick } from '@dalal/contracts';
import { FakeSmartApiWs, type FakeSmartTick } from '@dalal/fakes';

import { SmartApiFeed } from './smartapi-feed';
import { type FeedStatus } from '../market-feed';

const fastBackoff = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.5 };
const T0 = Date.parse('2025-12-02T04:00:00.000Z');

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function nfoTick(i: number): FakeSmartTick {
  return {
    exchangeType: 2,
    token: '35003',
    sequence: i,
    exchangeTimestamp: T0 + i * 1000,
    lastPrice: (24150 + i / 20).toFixed(2),
    lastQuantity: 75,
    averagePrice: '24140.10',
    volume: 1_000_000 + i,
    open: '24100.00',
    high: '24200.55',
    low: '24050.05',
    close: '24090.00',
    oi: 123_450,
    depth: [
      { buy: true, quantity: 150, price: '24149.95', orders: 2 },
      { buy: false, quantity: 75, price: '24150.10', orders: 1 },
    ],
  };
}

describe('SmartApiFeed against the fake SmartAPI WebSocket 2.0 server', () => {
  let fake: FakeSmartApiWs;
  let feed: SmartApiFeed;
  let ticks: Tick[];
  let statuses: FeedStatus[];

  beforeEach(async () => {
    fake = await FakeSmartApiWs.start({ jwtToken: 'jwt', apiKey: 'key', clientCode: 'C1', feedToken: 'ft' });
    ticks = [];
    statuses = [];
  });

  afterEach(async () => {
    await feed.close();
    await fake.close();
  });

  function newFeed(overrides: { jwtToken?: string; feedToken?: string; pingIntervalMs?: number } = {}) {
    feed = new SmartApiFeed({
      jwtToken: overrides.jwtToken ?? 'jwt',
      apiKey: 'key',
      clientCode: 'C1',
      feedToken: overrides.feedToken ?? 'ft',
      url: fake.url,
      backoff: fastBackoff,
      random: () => 0.5,
      pingIntervalMs: overrides.pingIntervalMs ?? 10_000,
      resolveInstrument: (type, token) => (type === 2 && token === '35003' ? 'NIFTY25DECFUT' : undefined),
    });
    feed.onTick((t) => ticks.push(t));
    feed.onStatus((s) => statuses.push(s));
    return feed;
  }

  it('subscribes in SnapQuote and turns each packet into an exact decimal contract tick', async () => {
    newFeed().subscribe(['2:35003'], 'full');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().get('2:35003') === 3);
    expect(fake.liveClients[0]!.received[0]).toEqual({
      correlationID: 'dalal1',
      action: 1,
      params: { mode: 3, tokenList: [{ exchangeType: 2, tokens: ['35003'] }] },
    });
    fake.sendTicks([nfoTick(0), nfoTick(3)]);
    await until(() => ticks.length === 2);
    expect(ticks[0]).toEqual({
      instrument: 'NIFTY25DECFUT',
      exchange: 'NFO',
      ltp: '24150.00',
      volume: 1_000_000,
      openInterest: 123_450,
      bid: '24149.95',
      ask: '24150.10',
      exchangeTs: '2025-12-02T04:00:00.000Z',
    });
    expect(ticks[1]!.ltp).toBe('24150.15');
    expect(feed.stats()).toMatchObject({ ticks: 2, packets: 2, malformed: 0, reconnects: 0 });
    expect(statuses).toEqual([{ kind: 'connected', reconnects: 0 }]);
  });

  it('LTP and Quote modes; bare tokens default to nse_cm; unsubscribe stops the stream', async () => {
    newFeed().subscribe(['2885'], 'ltp');
    feed.subscribe(['2:35003'], 'quote');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().size === 2);
    expect(fake.subscriptions()).toEqual(
      new Map([
        ['1:2885', 1],
        ['2:35003', 2],
      ]),
    );
    fake.sendTicks([
      { exchangeType: 1, token: '2885', exchangeTimestamp: T0, lastPrice: '1234.05' },
      nfoTick(1),
    ]);
    await until(() => ticks.length === 2);
    expect(ticks[0]).toEqual({
      instrument: '2885',
      exchange: 'NSE',
      ltp: '1234.05',
      exchangeTs: '2025-12-02T04:00:00.000Z',
    });
    expect(ticks[1]).toMatchObject({ ltp: '24150.05', volume: 1_000_001 });
    expect(ticks[1]!.bid).toBeUndefined();

    feed.unsubscribe(['2885']);
    await fake.waitUntil((f) => f.subscriptions().size === 1);
    expect(fake.sendTicks([{ exchangeType: 1, token: '2885', exchangeTimestamp: T0, lastPrice: '1' }])).toBe(
      0,
    );
  });

  it('sends a text ping on its interval and counts the pongs', async () => {
    newFeed({ pingIntervalMs: 30 });
    await feed.connect();
    await until(() => feed.stats().pongs >= 2);
    expect(fake.pings).toBeGreaterThanOrEqual(2);
    expect(feed.stats().pings).toBeGreaterThanOrEqual(2);
  });

  it('bad auth headers are refused on the handshake and connect() rejects', async () => {
    await expect(newFeed({ feedToken: 'wrong' }).connect()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(fake.rejected).toBe(1);
    expect(fake.connections).toBe(0);
    expect(statuses).toEqual([]);
  });

  it('malformed frames are counted and skipped without losing the connection', async () => {
    newFeed().subscribe(['2:35003'], 'quote');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().size === 1);
    fake.sendRaw(Buffer.from([2, 2, 0x33, 0x35])); // quote mode, 4 bytes
    fake.sendRaw(Buffer.from([9, ...new Array<number>(60).fill(0)])); // unknown mode
    fake.sendRaw(Buffer.alloc(0));
    fake.sendRaw('{"errorCode":"E1002"}');
    fake.sendTicks([nfoTick(2)]);
    await until(() => ticks.length === 1);
    expect(feed.stats()).toMatchObject({ malformed: 3, packets: 1, textMessages: 1, reconnects: 0 });
    expect(ticks[0]!.ltp).toBe('24150.10');
  });

  it('dropped mid-session: backs off, reconnects, resubscribes in the old modes, ticks continue', async () => {
    newFeed().subscribe(['2:35003'], 'full');
    feed.subscribe(['2885'], 'ltp');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().size === 2);
    for (let i = 0; i < 5; i++) fake.sendTicks([nfoTick(i)]);
    await until(() => ticks.length === 5);

    fake.refuseNextConnections(2); // still down for the first two attempts
    fake.dropConnections();
    await fake.waitUntil((f) => f.connections === 2 && f.subscriptions().size === 2);
    expect(fake.subscriptions()).toEqual(
      new Map([
        ['2:35003', 3],
        ['1:2885', 1],
      ]),
    );
    for (let i = 5; i < 10; i++) fake.sendTicks([nfoTick(i)]);
    await until(() => ticks.length === 10);

    expect(ticks.map((t) => t.ltp)).toEqual(
      Array.from({ length: 10 }, (_, i) => (24150 + i / 20).toFixed(2)),
    );
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

  it('survives two drops in a row and counts both reconnects', async () => {
    newFeed().subscribe(['2:35003'], 'quote');
    await feed.connect();
    await fake.waitUntil((f) => f.subscriptions().size === 1);
    for (let drop = 1; drop <= 2; drop++) {
      fake.dropConnections();
      await fake.waitUntil((f) => f.connections === drop + 1 && f.subscriptions().size === 1);
    }
    fake.sendTicks([nfoTick(0)]);
    await until(() => ticks.length === 1);
    expect(feed.stats().reconnects).toBe(2);
  });

  it('rejects instruments that are not SmartAPI tokens', () => {
    expect(() => newFeed().subscribe(['NSE:INFY'])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
