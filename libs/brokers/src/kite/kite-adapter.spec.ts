import { dec } from '@dalal/domain';
import { FakeKiteServer } from '@dalal/fakes';

import { type PlaceOrder } from '../broker-adapter';
import { BrokerError } from '../broker-error';
import { KiteAdapter } from './kite-adapter';
import { exchangeKiteRequestToken, kiteLoginUrl, nextKiteExpiry } from './kite-session';

const niftyCall: PlaceOrder = {
  clientOrderId: 'DL01J9ZQ4K7M2C8XW3',
  instrument: 'NIFTY26D0825000CE',
  exchange: 'NFO',
  side: 'BUY',
  quantity: 130,
  orderType: 'LIMIT',
  product: 'MIS',
  validity: 'DAY',
  price: dec('101.05'),
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

describe('Kite adapter against the fake Kite Connect v3 server', () => {
  let fake: FakeKiteServer;
  let kite: KiteAdapter;
  let expired = 0;

  beforeEach(async () => {
    fake = new FakeKiteServer({ prices: { 'NFO:NIFTY26D0825000CE': 102.4 } });
    const root = await fake.start();
    expired = 0;
    kite = new KiteAdapter({
      apiKey: fake.apiKey,
      accessToken: fake.accessToken,
      root,
      onTokenExpired: () => expired++,
    });
  });

  afterEach(() => fake.stop());

  it('logs in: the request token and checksum buy an access token that expires at 06:00 IST next morning', async () => {
    const session = await exchangeKiteRequestToken({
      apiKey: fake.apiKey,
      apiSecret: fake.apiSecret,
      requestToken: fake.requestToken,
      root: fake.url,
      now: new Date('2026-12-02T04:00:00Z'), // 09:30 IST
    });
    expect(session).toEqual({
      accessToken: fake.accessToken,
      userId: 'XX0000',
      expiresAt: '2026-12-03T00:30:00.000Z',
    });
    expect(kiteLoginUrl('abc')).toBe('https://kite.zerodha.com/connect/login?api_key=abc&v=3');
  });

  it('refuses a login with the wrong secret as an expired token', async () => {
    const err = await rejection(
      exchangeKiteRequestToken({
        apiKey: fake.apiKey,
        apiSecret: 'wrong',
        requestToken: fake.requestToken,
        root: fake.url,
      }),
    );
    expect(err.code).toBe('TOKEN_EXPIRED');
  });

  it('takes a LIMIT order through partial fill, modification and full fill, tagged with our id', async () => {
    const { brokerOrderId } = await kite.placeOrder(niftyCall);
    const sent = fake.requests.find((r) => r.method === 'POST' && r.path === '/orders/regular')!;
    expect(sent.body).toMatchObject({
      tag: niftyCall.clientOrderId,
      price: '101.05',
      quantity: '130',
      exchange: 'NFO',
    });

    expect(await kite.getOrder(brokerOrderId)).toMatchObject({
      status: 'OPEN',
      clientOrderId: niftyCall.clientOrderId,
      filledQuantity: 0,
    });

    fake.fill(brokerOrderId, 65, 101.05);
    const partial = await kite.getOrder(brokerOrderId);
    expect(partial).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 65 });
    expect(partial.averagePrice.toFixed(2)).toBe('101.05');

    await kite.modifyOrder(brokerOrderId, { price: dec('101.50') });
    expect(fake.latest(brokerOrderId).price).toBe(101.5);

    fake.fill(brokerOrderId, 65, 101.5);
    const done = await kite.getOrder(brokerOrderId);
    expect(done.status).toBe('FILLED');
    expect(done.averagePrice.toFixed(3)).toBe('101.280');

    const trades = await kite.getTrades();
    expect(trades.map((t) => [t.quantity, t.price.toFixed(2)])).toEqual([
      [65, '101.05'],
      [65, '101.50'],
    ]);
    expect(trades[0]!.filledAt).toMatch(/Z$/);
    const [position] = await kite.getPositions();
    expect(position).toMatchObject({ instrument: 'NIFTY26D0825000CE', netQuantity: 130 });
  });

  it('finds our orders again by tag after a restart', async () => {
    await kite.placeOrder(niftyCall);
    await kite.placeOrder({ ...niftyCall, clientOrderId: 'OTHER' });
    const ours = (await kite.getOrders()).filter((o) => o.clientOrderId === niftyCall.clientOrderId);
    expect(ours).toHaveLength(1);
  });

  it('fills a MARKET order at the last price and cancels an open one', async () => {
    const market = await kite.placeOrder({ ...niftyCall, orderType: 'MARKET', price: undefined });
    expect(await kite.getOrder(market.brokerOrderId)).toMatchObject({
      status: 'FILLED',
      filledQuantity: 130,
    });

    const limit = await kite.placeOrder(niftyCall);
    await kite.cancelOrder(limit.brokerOrderId);
    expect((await kite.getOrder(limit.brokerOrderId)).status).toBe('CANCELLED');
    expect((await rejection(kite.cancelOrder(limit.brokerOrderId))).code).toBe('ORDER_REJECTED');
  });

  it('surfaces the daily token expiry as TOKEN_EXPIRED and tells the service once per call', async () => {
    fake.expireToken();
    const err = await rejection(kite.placeOrder(niftyCall));
    expect(err.code).toBe('TOKEN_EXPIRED');
    expect(err.transient).toBe(false);
    expect(expired).toBe(1);
  });

  it('classifies input errors and an OMS outage', async () => {
    expect((await rejection(kite.placeOrder({ ...niftyCall, price: undefined }))).code).toBe('INPUT');

    fake.failNext(1, 503, 'NetworkException', 'Gateway timed out', '/orders');
    const outage = await rejection(kite.placeOrder(niftyCall));
    expect(outage.code).toBe('NETWORK');
    expect(outage.transient).toBe(true);
  });

  it('answers a burst beyond 10 orders a second with RATE_LIMITED, which is transient', async () => {
    const burst = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => kite.placeOrder({ ...niftyCall, clientOrderId: `B${i}` })),
    );
    const limited = burst.flatMap((r) => (r.status === 'rejected' ? [(r.reason as BrokerError).code] : []));
    expect(limited).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect((burst.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.transient).toBe(true);
  });

  it('refuses a clientOrderId longer than the 20-character Kite tag before calling Kite', async () => {
    const err = await rejection(kite.placeOrder({ ...niftyCall, clientOrderId: 'X'.repeat(21) }));
    expect(err.code).toBe('INPUT');
    expect(fake.requests).toHaveLength(0);
  });

  it('reads margins, holdings, quotes, candles and the instrument dump from Zerodha’s published shapes', async () => {
    const margins = await kite.getMargins();
    expect(margins.net.toString()).toBe('99725.05');
    expect((await kite.getHoldings()).length).toBeGreaterThan(0);
    const [quote] = await kite.getQuotes([{ exchange: 'NFO', instrument: 'NIFTY26D0825000CE' }]);
    expect(quote!.lastPrice.toString()).toBe('102.4');
    const candles = await kite.getCandles(
      5633,
      'minute',
      new Date('2019-12-04T03:45:00Z'),
      new Date('2019-12-04T10:00:00Z'),
    );
    expect(candles[0]).toMatchObject({ time: '2019-12-04T03:45:00.000Z' }); // "2019-12-04T09:15:00+0530"
    expect(candles[0]!.openInterest).toBeGreaterThanOrEqual(0);
    const instruments = await kite.getInstruments();
    const option = instruments.find((i) => i.instrument === 'BANKNIFTY18JAN23500CE');
    expect(option).toMatchObject({
      exchange: 'NFO',
      instrumentType: 'CE',
      lotSize: 40,
      expiry: '2018-01-25',
    });
    expect(option!.tickSize.toString()).toBe('0.05');
  });
});

describe('Kite session expiry', () => {
  it('is 06:00 IST the next morning for a day login, and the same morning for a login after midnight', () => {
    expect(nextKiteExpiry(new Date('2026-12-02T10:00:00Z')).toISOString()).toBe('2026-12-03T00:30:00.000Z');
    expect(nextKiteExpiry(new Date('2026-12-02T20:00:00Z')).toISOString()).toBe('2026-12-03T00:30:00.000Z');
  });
});
