import { dec } from '@dalal/domain';
import { FakeSmartApiServer } from '@dalal/fakes';

import { type PlaceOrder } from '../broker-adapter';
import { BrokerError } from '../broker-error';
import { ResilientBroker } from '../resilience/resilient-broker';
import { SmartApiAdapter, type SmartApiSymbolResolver } from './smartapi-adapter';
import { classifySmartApiError } from './smartapi-errors';
import { smartApiTotp } from './smartapi-totp';

const niftyCall: PlaceOrder = {
  clientOrderId: 'DL01J9ZQ4K7M2C8XW3',
  instrument: 'NIFTY30DEC2525000CE',
  exchange: 'NFO',
  side: 'BUY',
  quantity: 150,
  orderType: 'LIMIT',
  product: 'MIS',
  validity: 'DAY',
  price: dec('101.05'),
};

const tokens: Record<string, string> = { 'NFO:NIFTY30DEC2525000CE': '35003', 'NSE:Nifty 50': '99926000' };
const resolver: SmartApiSymbolResolver = {
  symbolToken: (exchange, symbol) => tokens[`${exchange}:${symbol}`],
  exchangeOf: (token) => (token === 35003 ? 'NFO' : token === 99926000 ? 'NSE' : undefined),
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

describe('SmartAPI adapter against the fake Angel One server', () => {
  let fake: FakeSmartApiServer;
  let angel: SmartApiAdapter;
  let expired: number;

  function adapter({ loggedIn = true } = {}): SmartApiAdapter {
    return new SmartApiAdapter({
      apiKey: fake.apiKey,
      clientCode: fake.clientCode,
      root: fake.url,
      scripMasterUrl: fake.scripMasterUrl,
      symbols: resolver,
      session: loggedIn ? fake.issueSession() : undefined,
      bookSpacingMs: 0,
      onTokenExpired: () => expired++,
    });
  }

  beforeEach(async () => {
    fake = new FakeSmartApiServer();
    await fake.start();
    expired = 0;
    angel = adapter();
  });

  afterEach(() => fake.stop());

  it('logs in with client code, PIN and a TOTP from the shared secret, refreshes, and logs out', async () => {
    const fresh = adapter({ loggedIn: false });
    const session = await fresh.login({ pin: fake.pin, totpSecret: fake.totpSecret });
    const login = fake.requests.find((r) => r.path.endsWith('/loginByPassword'))!;
    expect(login.body).toEqual({
      clientcode: fake.clientCode,
      password: fake.pin,
      totp: expect.stringMatching(/^\d{6}$/),
    });
    expect(login.headers['x-privatekey']).toBe(fake.apiKey);

    await fresh.getMargins();
    expect(fake.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${session.jwtToken}`);

    const refreshed = await fresh.refreshSession();
    expect(refreshed.jwtToken).not.toBe(session.jwtToken);
    await fresh.getMargins();
    expect(fake.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${refreshed.jwtToken}`);

    await fresh.logout();
    expect((await rejection(fresh.getMargins())).code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a login with a wrong TOTP or a wrong PIN as TOKEN_EXPIRED, with Angel’s code', async () => {
    const fresh = adapter({ loggedIn: false });
    const stale = await rejection(
      fresh.login({ pin: fake.pin, totpSecret: fake.totpSecret, at: new Date(Date.now() - 300_000) }),
    );
    expect(stale).toMatchObject({ code: 'TOKEN_EXPIRED', brokerType: 'AB1050' });
    const otherSecret = await rejection(
      fresh.login({ pin: fake.pin, totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }),
    );
    expect(otherSecret.code).toBe('TOKEN_EXPIRED');
    const wrongPin = await rejection(fresh.login({ pin: '9999', totpSecret: fake.totpSecret }));
    expect(wrongPin).toMatchObject({ code: 'TOKEN_EXPIRED', brokerType: 'AB1000' });
    expect(expired).toBe(0); // no session was lost: there was none
  });

  it('generates the RFC 6238 code for a known secret and instant', () => {
    // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 → the last six digits.
    expect(smartApiTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', new Date(59_000))).toBe('287082');
  });

  it('takes a LIMIT order through partial fill, modification and full fill, tagged with our id', async () => {
    const { brokerOrderId } = await angel.placeOrder(niftyCall);
    const sent = fake.requests.find((r) => r.path.endsWith('/placeOrder'))!;
    expect(sent.body).toMatchObject({
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      producttype: 'INTRADAY',
      duration: 'DAY',
      symboltoken: '35003',
      price: '101.05',
      quantity: '150',
      ordertag: niftyCall.clientOrderId,
    });

    expect(await angel.getOrder(brokerOrderId)).toMatchObject({
      status: 'OPEN',
      clientOrderId: niftyCall.clientOrderId,
      filledQuantity: 0,
    });

    fake.fill(brokerOrderId, 75, 101.05);
    const partial = await angel.getOrder(brokerOrderId);
    expect(partial).toMatchObject({ status: 'PARTIALLY_FILLED', filledQuantity: 75 });
    expect(partial.averagePrice.toString()).toBe('101.05');
    expect(partial.placedAt).toMatch(/Z$/);

    await angel.modifyOrder(brokerOrderId, { price: dec('101.50') });
    const modify = fake.requests.find((r) => r.path.endsWith('/modifyOrder'))!;
    expect(modify.body).toMatchObject({ orderid: brokerOrderId, price: '101.5', symboltoken: '35003' });
    expect(fake.order(brokerOrderId).price).toBe(101.5);

    fake.fill(brokerOrderId, 75, 101.5);
    const done = await angel.getOrder(brokerOrderId);
    expect(done.status).toBe('FILLED');
    expect(done.averagePrice.toFixed(3)).toBe('101.280');

    const trades = await angel.getTrades();
    expect(trades.map((t) => [t.quantity, t.price.toFixed(2)])).toEqual([
      [75, '101.05'],
      [75, '101.50'],
    ]);
    expect(trades[0]!.filledAt).toMatch(/Z$/);
    const [position] = await angel.getPositions();
    expect(position).toMatchObject({ instrument: 'NIFTY30DEC2525000CE', netQuantity: 150, product: 'MIS' });
  });

  it('maps SL and SL-M to the STOPLOSS variety and NRML to CARRYFORWARD; a trigger-pending order is open', async () => {
    const sl = await angel.placeOrder({
      ...niftyCall,
      clientOrderId: 'SL-1',
      orderType: 'SL',
      product: 'NRML',
      triggerPrice: dec('100.50'),
    });
    expect(fake.order(sl.brokerOrderId)).toMatchObject({
      variety: 'STOPLOSS',
      ordertype: 'STOPLOSS_LIMIT',
      producttype: 'CARRYFORWARD',
      triggerprice: 100.5,
    });
    expect(await angel.getOrder(sl.brokerOrderId)).toMatchObject({ status: 'OPEN', orderType: 'SL' });
    const slm = await angel.placeOrder({
      ...niftyCall,
      clientOrderId: 'SLM-1',
      orderType: 'SL-M',
      price: undefined,
      triggerPrice: dec('99'),
    });
    expect(fake.order(slm.brokerOrderId).ordertype).toBe('STOPLOSS_MARKET');
    await angel.cancelOrder(slm.brokerOrderId);
    expect(fake.requests.at(-1)!.body).toEqual({ variety: 'STOPLOSS', orderid: slm.brokerOrderId });
  });

  it('fills a MARKET order at the last price and cancels an open one', async () => {
    const market = await angel.placeOrder({ ...niftyCall, orderType: 'MARKET', price: undefined });
    const filled = await angel.getOrder(market.brokerOrderId);
    expect(filled).toMatchObject({ status: 'FILLED', filledQuantity: 150 });
    expect(filled.averagePrice.toString()).toBe('102.4');

    const limit = await angel.placeOrder({ ...niftyCall, clientOrderId: 'CANCEL-ME' });
    await angel.cancelOrder(limit.brokerOrderId);
    expect((await angel.getOrder(limit.brokerOrderId)).status).toBe('CANCELLED');
    expect((await rejection(angel.cancelOrder(limit.brokerOrderId))).transient).toBe(false);
  });

  it('finds our order by tag after a restart, and modifies it from the order book', async () => {
    const { brokerOrderId } = await angel.placeOrder(niftyCall);
    await angel.placeOrder({ ...niftyCall, clientOrderId: 'OTHER' });
    const restarted = adapter();
    const ours = (await restarted.getOrders()).filter((o) => o.clientOrderId === niftyCall.clientOrderId);
    expect(ours.map((o) => o.brokerOrderId)).toEqual([brokerOrderId]);
    await restarted.modifyOrder(brokerOrderId, { quantity: 75 });
    expect(fake.order(brokerOrderId)).toMatchObject({
      quantity: '75',
      price: 101.05,
      ordertag: niftyCall.clientOrderId,
    });
  });

  it('surfaces an expired session (the gateway’s AG8001 envelope) as TOKEN_EXPIRED and tells the service', async () => {
    fake.expireTokens();
    const err = await rejection(angel.placeOrder(niftyCall));
    expect(err).toMatchObject({ code: 'TOKEN_EXPIRED', brokerType: 'AG8001' });
    expect(err.transient).toBe(false);
    expect(expired).toBe(1);
    expect(fake.orders.size).toBe(0);
  });

  it('classifies both envelope spellings and the rate-limit refusal', () => {
    const gateway = { success: false, message: 'Invalid Token', errorCode: 'AG8001', data: '' };
    const api = { status: false, message: 'Token Expired', errorcode: 'AG8002', data: null };
    expect(classifySmartApiError(200, gateway).code).toBe('TOKEN_EXPIRED');
    expect(classifySmartApiError(200, api).code).toBe('TOKEN_EXPIRED');
    expect(
      classifySmartApiError(200, { status: false, message: 'Symbol Not Found', errorcode: 'AB1009' }).code,
    ).toBe('INPUT');
    expect(classifySmartApiError(403, 'Access denied because of exceeding access rate').code).toBe(
      'RATE_LIMITED',
    );
    expect(classifySmartApiError(429, undefined).code).toBe('RATE_LIMITED');
    expect(
      classifySmartApiError(200, { status: false, message: 'Something Went Wrong', errorcode: 'AB1004' })
        .code,
    ).toBe('NETWORK');
  });

  it('answers a burst beyond 20 orders a second with RATE_LIMITED, which is transient', async () => {
    const burst = await Promise.allSettled(
      Array.from({ length: 22 }, (_, i) => angel.placeOrder({ ...niftyCall, clientOrderId: `B${i}` })),
    );
    const limited = burst.flatMap((r) => (r.status === 'rejected' ? [r.reason as BrokerError] : []));
    expect(limited.map((e) => e.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect(limited[0]!.transient).toBe(true);
    expect(fake.orders.size).toBe(20);
  });

  it('spaces order-book reads to Angel’s once a second instead of being refused', async () => {
    const paced = new SmartApiAdapter({
      apiKey: fake.apiKey,
      clientCode: fake.clientCode,
      root: fake.url,
      symbols: resolver,
      session: fake.issueSession(),
      bookSpacingMs: 300,
    });
    const t0 = Date.now();
    await Promise.all([paced.getOrders(), paced.getOrders(), paced.getOrders()]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(590);
  });

  it('treats a 5xx and an unreachable server as NETWORK', async () => {
    fake.failNext(1, 502, '<html>Bad Gateway</html>', '/rest/secure/angelbroking/order');
    expect((await rejection(angel.placeOrder(niftyCall))).code).toBe('NETWORK');
    const nowhere = new SmartApiAdapter({
      apiKey: 'k',
      clientCode: 'c',
      root: 'http://127.0.0.1:9',
      symbols: resolver,
    });
    expect((await rejection(nowhere.getMargins())).code).toBe('NETWORK');
  });

  it('classifies input errors, and refuses an unknown symbol token or a long tag before calling Angel', async () => {
    const noPrice = await rejection(angel.placeOrder({ ...niftyCall, price: undefined }));
    expect(noPrice.code).toBe('INPUT');
    const sent = fake.requests.length;
    expect((await rejection(angel.placeOrder({ ...niftyCall, instrument: 'UNKNOWN' }))).code).toBe('INPUT');
    expect((await rejection(angel.placeOrder({ ...niftyCall, clientOrderId: 'X'.repeat(21) }))).code).toBe(
      'INPUT',
    );
    expect(fake.requests.length).toBe(sent);
  });

  it('reads margins, holdings, quotes, candles and the scrip master', async () => {
    const margins = await angel.getMargins();
    expect(margins.net.toString()).toBe('99725.05');
    expect(margins.utilised.toString()).toBe('274.95');
    expect(await angel.getPositions()).toEqual([]); // Angel sends data: null
    expect((await angel.getHoldings())[0]).toMatchObject({ instrument: 'SBIN-EQ', quantity: 2 });
    const quotes = await angel.getQuotes([
      { exchange: 'NFO', instrument: 'NIFTY30DEC2525000CE' },
      { exchange: 'NSE', instrument: 'Nifty 50' },
    ]);
    expect(quotes.map((q) => q.lastPrice.toString())).toEqual(['102.4', '25012.35']);

    const candles = await angel.getCandles(
      35003,
      'minute',
      new Date('2025-12-02T03:45:00Z'),
      new Date('2025-12-02T03:47:00Z'),
    );
    const request = fake.requests.at(-1)!.body;
    expect(request).toEqual({
      exchange: 'NFO',
      symboltoken: '35003',
      interval: 'ONE_MINUTE',
      fromdate: '2025-12-02 09:15',
      todate: '2025-12-02 09:17',
    });
    expect(candles.map((c) => c.time)).toEqual([
      '2025-12-02T03:45:00.000Z',
      '2025-12-02T03:46:00.000Z',
      '2025-12-02T03:47:00.000Z',
    ]);

    const [option] = await angel.getInstruments('NFO');
    expect(option).toMatchObject({
      token: 35003,
      lotSize: 75,
      expiry: '2025-12-30',
      instrumentType: 'OPTIDX',
    });
    expect(option!.strike.toString()).toBe('25000');
    expect(option!.tickSize.toString()).toBe('0.05');
  });
});

describe('resilient broker in front of the fake SmartAPI server', () => {
  it('opens the circuit on a 5xx storm and stops sending orders', async () => {
    const fake = new FakeSmartApiServer();
    await fake.start();
    const alerts: string[] = [];
    try {
      const angel = new ResilientBroker(
        new SmartApiAdapter({
          apiKey: fake.apiKey,
          clientCode: fake.clientCode,
          root: fake.url,
          symbols: resolver,
          session: fake.issueSession(),
        }),
        {
          orderRate: [{ limit: 20, windowMs: 1000 }],
          breakAfter: 3,
          halfOpenAfterMs: 60_000,
          onCircuitOpen: (error) => alerts.push(error),
        },
      );
      fake.failNext(3, 503, '', '/rest/secure/angelbroking/order');
      for (let i = 0; i < 3; i++) {
        await expect(angel.placeOrder({ ...niftyCall, clientOrderId: `S${i}` })).rejects.toMatchObject({
          code: 'NETWORK',
        });
      }
      expect(alerts).toEqual(['smartapi: HTTP 503']);
      const sent = fake.requests.length;
      await expect(angel.placeOrder({ ...niftyCall, clientOrderId: 'S3' })).rejects.toMatchObject({
        code: 'CIRCUIT_OPEN',
      });
      expect(fake.requests.length).toBe(sent);
    } finally {
      await fake.stop();
    }
  });
});
