import { dec } from '@dalal/domain';
import { FakeKiteServer } from '@dalal/fakes';

import { type PlaceOrder } from '../broker-adapter';
import { type BrokerError } from '../broker-error';
import { KiteAdapter } from '../kite/kite-adapter';
import { ResilientBroker, type ResilienceOptions } from './resilient-broker';

const order = (clientOrderId: string): PlaceOrder => ({
  clientOrderId,
  instrument: 'NIFTY26D0825000CE',
  exchange: 'NFO',
  side: 'BUY',
  quantity: 65,
  orderType: 'LIMIT',
  product: 'MIS',
  validity: 'DAY',
  price: dec('100.00'),
});

describe('resilient broker in front of the fake Kite server', () => {
  let fake: FakeKiteServer;
  let events: string[];

  beforeEach(async () => {
    fake = new FakeKiteServer();
    await fake.start();
    events = [];
  });

  afterEach(() => fake.stop());

  function broker(options: Partial<ResilienceOptions> = {}): ResilientBroker {
    return new ResilientBroker(
      new KiteAdapter({ apiKey: fake.apiKey, accessToken: fake.accessToken, root: fake.url }),
      {
        orderRate: [{ limit: 10, windowMs: 1000 }],
        breakAfter: 3,
        halfOpenAfterMs: 200,
        onCircuitOpen: (error) => events.push(`open: ${error}`),
        onCircuitClosed: () => events.push('closed'),
        onTokenExpired: () => events.push('token expired'),
        ...options,
      },
    );
  }

  it('paces 25 orders under Kite’s 10 orders a second so none is refused for rate', async () => {
    const kite = broker();
    const t0 = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => kite.placeOrder(order(`P${i}`))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(fake.orders.size).toBe(25);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
  }, 15_000);

  it('opens the circuit on a 5xx storm, stops sending, alerts, and closes after a good trial', async () => {
    const kite = broker();
    fake.failNext(3, 503, 'NetworkException', 'Service unavailable', '/orders');
    for (let i = 0; i < 3; i++)
      await expect(kite.placeOrder(order(`S${i}`))).rejects.toMatchObject({ code: 'NETWORK' });
    expect(events).toEqual(['open: kite: Service unavailable']);
    expect(kite.circuitOpen).toBe(true);

    const sentBefore = fake.requests.length;
    await expect(kite.placeOrder(order('S3'))).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(fake.requests.length).toBe(sentBefore);

    await new Promise((resolve) => setTimeout(resolve, 250));
    await kite.placeOrder(order('S4'));
    expect(events).toEqual(['open: kite: Service unavailable', 'closed']);
    expect(kite.circuitOpen).toBe(false);
  });

  it('retries a read through a brief outage but never re-sends an order placement', async () => {
    const kite = broker();
    fake.failNext(2, 502, 'NetworkException', 'Bad gateway', '/trades');
    await expect(kite.getTrades()).resolves.toEqual([]);

    fake.failNext(1, 504, 'NetworkException', 'Gateway timeout', '/orders/regular');
    const err = (await kite.placeOrder(order('ONCE')).catch((e: unknown) => e)) as BrokerError;
    expect(err.code).toBe('NETWORK');
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/orders/regular')).toHaveLength(1);
  });

  it('reports an expired token without opening the circuit', async () => {
    const kite = broker();
    fake.expireToken();
    for (let i = 0; i < 4; i++)
      await expect(kite.placeOrder(order(`T${i}`))).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(events).toEqual(['token expired', 'token expired', 'token expired', 'token expired']);
    expect(kite.circuitOpen).toBe(false);
  });
});
