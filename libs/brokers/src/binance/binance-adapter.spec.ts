import { dec } from '@dalal/domain';
import { FakeBinanceServer } from '@dalal/fakes';

import { type PlaceOrder } from '../broker-adapter';
import { BrokerError } from '../broker-error';
import { ResilientBroker } from '../resilience/resilient-broker';
import { BinanceAdapter, binanceToken, type BinanceAdapterOptions } from './binance-adapter';
import { encodeBinanceParams, signBinance } from './binance-client';

const btcBid: PlaceOrder = {
  clientOrderId: 'DL01J9ZQ4K7M2C8XW3',
  instrument: 'BTCUSDT',
  exchange: 'BINANCE',
  side: 'BUY',
  quantity: 0.002,
  orderType: 'LIMIT',
  product: 'CNC',
  validity: 'DAY',
  price: dec('42000.50'),
};

async function rejection(promise: Promise<unknown>): Promise<BrokerError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BrokerError) return err;
    throw err;
  }
  throw new Error('expected a BrokerError');
}

describe('Binance request signing', () => {
  it('matches the HMAC-SHA256 test vector in Binance’s docs', () => {
    const payload = encodeBinanceParams({
      symbol: 'LTCBTC',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 1,
      price: '0.1',
      recvWindow: 5000,
      timestamp: 1499827319559,
    });
    expect(payload).toBe(
      'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559',
    );
    expect(signBinance('NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j', payload)).toBe(
      'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
    );
  });
});

describe('Binance adapter against the fake spot testnet server', () => {
  let fake: FakeBinanceServer;
  let binance: BinanceAdapter;

  async function start(fakeOptions: ConstructorParameters<typeof FakeBinanceServer>[0] = {}): Promise<void> {
    fake = new FakeBinanceServer({
      symbols: {
        BTCUSDT: { base: 'BTC', quote: 'USDT', price: '43000.10' },
        ETHUSDT: { base: 'ETH', quote: 'USDT', price: '2300.55', stepSize: '0.0001' },
      },
      ...fakeOptions,
    });
    await fake.start();
  }

  function adapter(options: Partial<BinanceAdapterOptions> = {}): BinanceAdapter {
    return new BinanceAdapter({
      apiKey: fake.apiKey,
      apiSecret: fake.apiSecret,
      baseUrl: fake.url,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      ...options,
    });
  }

  beforeEach(async () => {
    await start();
    binance = adapter();
  });

  afterEach(() => fake.stop());

  it('measures the server clock before the first signed request and signs with X-MBX-APIKEY', async () => {
    await binance.placeOrder(btcBid);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v3/time',
      'POST /api/v3/order',
    ]);
    const sent = fake.requests[1]!;
    expect(sent.body).toMatch(
      /^symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.002&price=42000.5&newClientOrderId=DL01J9ZQ4K7M2C8XW3&newOrderRespType=RESULT&recvWindow=5000&timestamp=\d+&signature=[0-9a-f]{64}$/,
    );
    expect(binance.usage.timeSyncs).toBe(1);
  });

  it('takes a LIMIT bid through a partial fill to a full fill, with Decimal prices from Binance’s strings', async () => {
    const { brokerOrderId } = await binance.placeOrder(btcBid);
    expect(brokerOrderId).toMatch(/^BTCUSDT:\d+$/);
    expect(await binance.getOrder(brokerOrderId)).toMatchObject({
      status: 'OPEN',
      clientOrderId: btcBid.clientOrderId,
      filledQuantity: 0,
      quantity: 0.002,
    });

    const orderId = Number(brokerOrderId.split(':')[1]);
    fake.fill(orderId, '0.0005', '42000.50');
    const partial = await binance.getOrder(brokerOrderId);
    expect(partial).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 0.0005 });
    expect(partial.averagePrice.toString()).toBe('42000.5');

    fake.fill(orderId, '0.0015', '42000.10');
    const done = await binance.getOrder(brokerOrderId);
    expect(done.status).toBe('FILLED');
    expect(done.averagePrice.toString()).toBe('42000.2');
    expect(done.price!.toString()).toBe('42000.5');

    const trades = await binance.getTrades();
    expect(trades.map((t) => [t.brokerOrderId, t.quantity, t.price.toString()])).toEqual([
      [brokerOrderId, 0.0005, '42000.5'],
      [brokerOrderId, 0.0015, '42000.1'],
    ]);
    expect(trades[0]!.filledAt).toMatch(/Z$/);
    const btc = (await binance.getBalances()).find((b) => b.asset === 'BTC')!;
    expect(btc.free.toString()).toBe('0.502');
  });

  it('fills a MARKET order at the set price and cancels an open LIMIT order once', async () => {
    fake.setPrice('BTCUSDT', '43111.00');
    const market = await binance.placeOrder({ ...btcBid, orderType: 'MARKET', price: undefined });
    const filled = await binance.getOrder(market.brokerOrderId);
    expect(filled).toMatchObject({ status: 'FILLED', filledQuantity: 0.002, orderType: 'MARKET' });
    expect(filled.averagePrice.toString()).toBe('43111');

    const limit = await binance.placeOrder({ ...btcBid, clientOrderId: 'DL-CANCEL-1' });
    await binance.cancelOrder(limit.brokerOrderId);
    expect((await binance.getOrder(limit.brokerOrderId)).status).toBe('CANCELLED');
    const again = await rejection(binance.cancelOrder(limit.brokerOrderId));
    expect(again).toMatchObject({ code: 'ORDER_REJECTED', brokerType: '-2011' });
  });

  it('finds our order again by clientOrderId after a restart, in the book and by origClientOrderId', async () => {
    await binance.placeOrder(btcBid);
    await binance.placeOrder({ ...btcBid, clientOrderId: 'OTHER' });
    const restarted = adapter();
    const ours = (await restarted.getOrders()).filter((o) => o.clientOrderId === btcBid.clientOrderId);
    expect(ours).toHaveLength(1);
    const found = await restarted.findOrderByClientId('BTCUSDT', btcBid.clientOrderId);
    expect(found?.brokerOrderId).toBe(ours[0]!.brokerOrderId);
    expect(await restarted.findOrderByClientId('BTCUSDT', 'NEVER-SENT')).toBeUndefined();
  });

  it('refuses a resend of an open clientOrderId with -2010 as INPUT, and the original is found', async () => {
    const first = await binance.placeOrder(btcBid);
    const duplicate = await rejection(binance.placeOrder(btcBid));
    expect(duplicate).toMatchObject({ code: 'INPUT', brokerType: '-2010' });
    expect(duplicate.message).toContain('Duplicate order sent.');
    expect(fake.ordersWithClientId(btcBid.clientOrderId)).toHaveLength(1);
    expect((await binance.findOrderByClientId('BTCUSDT', btcBid.clientOrderId))?.brokerOrderId).toBe(
      first.brokerOrderId,
    );
  });

  it('re-measures the clock after -1021 and sends the order once more, successfully', async () => {
    await binance.syncTime();
    fake.clockSkewMs = 7_000; // the server's clock jumps: our timestamps are now 7 s old
    const { brokerOrderId } = await binance.placeOrder(btcBid);
    expect(fake.ordersWithClientId(btcBid.clientOrderId)).toHaveLength(1);
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/api/v3/time',
      '/api/v3/order',
      '/api/v3/time',
      '/api/v3/order',
    ]);
    expect(binance.usage.offsetMs).toBeGreaterThan(6_900);
    expect((await binance.getOrder(brokerOrderId)).status).toBe('OPEN');

    fake.clockSkewMs = -3_000; // now our timestamps are more than 1 s ahead
    expect((await binance.getOrder(brokerOrderId)).status).toBe('OPEN');
    expect(binance.usage.timeSyncs).toBe(3);
  });

  it('surfaces a revoked API key as TOKEN_EXPIRED, not a crash', async () => {
    fake.revokeKey();
    const err = await rejection(binance.placeOrder(btcBid));
    expect(err).toMatchObject({ code: 'TOKEN_EXPIRED', brokerType: '-2015' });
    expect(err.transient).toBe(false);
    const wrongSecret = adapter({ apiSecret: 'not-the-secret' });
    expect((await rejection(wrongSecret.getOrders())).code).toBe('TOKEN_EXPIRED');
  });

  it('answers 429 with Retry-After past the weight budget as RATE_LIMITED and sends nothing until then', async () => {
    await fake.stop();
    await start({ weightLimit: 10, retryAfterSeconds: 1 });
    binance = adapter();
    const { brokerOrderId } = await binance.placeOrder(btcBid); // time 1 + order 1
    await binance.getOrder(brokerOrderId); // 6
    await binance.getOrder(brokerOrderId); // 10
    const limited = await rejection(binance.getOrder(brokerOrderId)); // 14 > 10
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', brokerType: '-1003' });
    expect(limited.transient).toBe(true);

    const sent = fake.requests.length;
    const held = await rejection(binance.getOrder(brokerOrderId));
    expect(held).toMatchObject({ code: 'RATE_LIMITED', brokerType: 'Retry-After' });
    expect(fake.requests.length).toBe(sent);
  });

  it('reads the weight and order-count headers and pauses for the next window instead of being refused', async () => {
    await fake.stop();
    await start({ weightLimit: 12, weightWindowMs: 1000, orderLimit: 3, orderWindowMs: 1000 });
    binance = adapter({
      weightLimit: 12,
      weightWindowMs: 1000,
      orderLimit: 3,
      orderWindowMs: 1000,
      headroom: 1,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => binance.placeOrder({ ...btcBid, clientOrderId: `PACE-${i}` })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const placed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.brokerOrderId] : []));
    await Promise.all(placed.map((id) => binance.getOrder(id))); // 5 × 4 weight against 12 a second
    expect(binance.usage.pauses).toBeGreaterThanOrEqual(2);
    expect(binance.usage.orderCount1d).toBe(5);
    expect(fake.requests.filter((r) => r.path === '/api/v3/order')).toHaveLength(10);
  }, 15_000);

  it('treats a 5xx and an unreachable server as NETWORK (outcome unknown), which is transient', async () => {
    fake.failNext(1, 503, '', '/api/v3/order');
    const outage = await rejection(binance.placeOrder(btcBid));
    expect(outage).toMatchObject({ code: 'NETWORK', transient: true });

    const nowhere = new BinanceAdapter({ apiKey: 'k', apiSecret: 's', baseUrl: 'http://127.0.0.1:9' });
    expect((await rejection(nowhere.getQuotes([{ exchange: 'BINANCE', instrument: 'BTCUSDT' }]))).code).toBe(
      'NETWORK',
    );
  });

  it('classifies malformed orders as INPUT, and refuses a bad clientOrderId or a modification before sending', async () => {
    const offStep = await rejection(binance.placeOrder({ ...btcBid, quantity: 0.0000001 }));
    expect(offStep).toMatchObject({ code: 'INPUT', brokerType: '-1013' });
    const noPrice = await rejection(binance.placeOrder({ ...btcBid, price: undefined }));
    expect(noPrice).toMatchObject({ code: 'INPUT', brokerType: '-1102' });
    const unknown = await rejection(binance.placeOrder({ ...btcBid, instrument: 'NOPEUSDT' }));
    expect(unknown).toMatchObject({ code: 'INPUT', brokerType: '-1121' });

    const sent = fake.requests.length;
    expect((await rejection(binance.placeOrder({ ...btcBid, clientOrderId: 'has space' }))).code).toBe(
      'INPUT',
    );
    expect((await rejection(binance.modifyOrder('BTCUSDT:1', { price: dec('1') }))).code).toBe('INPUT');
    expect((await rejection(binance.getOrder('not-a-ref'))).code).toBe('INPUT');
    expect(fake.requests.length).toBe(sent);
  });

  it('reads balances, margins, quotes, instruments with tick and step, and klines by token', async () => {
    const margins = await binance.getMargins();
    expect(margins.available.toString()).toBe('10000');
    expect((await binance.getHoldings()).map((h) => [h.instrument, h.quantity])).toEqual([
      ['USDT', 10000],
      ['BTC', 0.5],
    ]);
    const quotes = await binance.getQuotes([
      { exchange: 'BINANCE', instrument: 'BTCUSDT' },
      { exchange: 'BINANCE', instrument: 'ETHUSDT' },
    ]);
    expect(quotes.map((q) => q.lastPrice.toString())).toEqual(['43000.1', '2300.55']);

    const instruments = await binance.getInstruments();
    const eth = instruments.find((i) => i.instrument === 'ETHUSDT')!;
    expect(eth).toMatchObject({ token: binanceToken('ETHUSDT'), lotSize: 0.0001, segment: 'SPOT' });
    expect(eth.tickSize.toString()).toBe('0.01');

    const fresh = adapter();
    const candles = await fresh.getCandles(
      binanceToken('BTCUSDT'),
      'minute',
      new Date('2026-12-02T03:45:00Z'),
      new Date('2026-12-02T03:49:59Z'),
    );
    expect(candles.map((c) => c.time)).toEqual([
      '2026-12-02T03:45:00.000Z',
      '2026-12-02T03:46:00.000Z',
      '2026-12-02T03:47:00.000Z',
      '2026-12-02T03:48:00.000Z',
      '2026-12-02T03:49:00.000Z',
    ]);
    expect(candles[0]!.close.toString()).toBe('43000.1');
    expect(await fresh.getPositions()).toEqual([]);
  });
});

describe('resilient broker in front of the fake Binance server', () => {
  it('opens the circuit on a 5xx storm and stops sending orders', async () => {
    const fake = new FakeBinanceServer();
    await fake.start();
    const alerts: string[] = [];
    try {
      const binance = new ResilientBroker(
        new BinanceAdapter({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseUrl: fake.url }),
        {
          orderRate: [{ limit: 50, windowMs: 10_000 }],
          breakAfter: 3,
          halfOpenAfterMs: 60_000,
          onCircuitOpen: (error) => alerts.push(error),
        },
      );
      fake.failNext(3, 502, '<html>Bad Gateway</html>', '/api/v3/order');
      for (let i = 0; i < 3; i++) {
        await expect(binance.placeOrder({ ...btcBid, clientOrderId: `STORM-${i}` })).rejects.toMatchObject({
          code: 'NETWORK',
        });
      }
      expect(alerts).toEqual(['binance: HTTP 502']);
      const sent = fake.requests.length;
      await expect(binance.placeOrder({ ...btcBid, clientOrderId: 'STORM-3' })).rejects.toMatchObject({
        code: 'CIRCUIT_OPEN',
      });
      expect(fake.requests.length).toBe(sent);
    } finally {
      await fake.stop();
    }
  });
});
