import { type OrderLeg } from '@dalal/contracts';
import { FakeKiteServer } from '@dalal/fakes';
import { type PrismaService } from '@dalal/persistence';

import { executionAgainstFakeKite, freshDatabase, request } from '../testing/execution-harness';

/** No last price at the fake for this one: a market order on it rests unfilled, as in an illiquid strike. */
const ILLIQUID = 'NIFTY26D0830000CE';
const CE = 'NIFTY26D0825000CE';

const buy = (instrument: string, price: string): OrderLeg => ({
  instrument,
  exchange: 'NFO',
  side: 'BUY',
  quantity: 65,
  orderType: 'LIMIT',
  product: 'NRML',
  validity: 'DAY',
  price,
  role: 'MAIN',
});

const sells = (fake: FakeKiteServer) =>
  fake.requests.filter(
    (r) => r.method === 'POST' && r.path === '/orders/regular' && r.body['transaction_type'] === 'SELL',
  );

describe('cancel-all + flatten against the fake Kite server, on Postgres', () => {
  let database: { prisma: PrismaService; drop: () => Promise<void> };
  let fake: FakeKiteServer;
  let world: Awaited<ReturnType<typeof executionAgainstFakeKite>>;

  beforeEach(async () => {
    database = await freshDatabase();
    fake = new FakeKiteServer();
    await fake.start();
    world = await executionAgainstFakeKite(database.prisma, fake);
  });

  afterEach(async () => {
    await fake.stop();
    await database.drop();
  });

  const position = (instrument: string) =>
    world.repository.position({
      mode: 'live',
      strategyId: 'ema-mean-reversion',
      exchange: 'NFO',
      instrument,
    });

  it('a closing order still working is counted: a second kill switch does not sell the position twice', async () => {
    await world.executor.submit(request({ legs: [{ clientOrderId: 'HELD', leg: buy(ILLIQUID, '50.00') }] }));
    fake.fill(fake.ordersTagged('HELD')[0]!.order_id, 65, 50);
    await world.executor.sync();
    expect((await position(ILLIQUID)).netQuantity.toString()).toBe('65');

    await world.states.change({ state: 'HALTED', actor: 'ops', reason: 'first', at: new Date() });
    await world.executor.flattenAll('first');
    await world.executor.flattenAll('second press');

    expect(sells(fake)).toHaveLength(1);
    expect(fake.latest(fake.ordersTagged(String(sells(fake)[0]!.body['tag']))[0]!.order_id).status).toBe(
      'OPEN',
    );
    expect((await position(ILLIQUID)).netQuantity.toString()).toBe('65'); // until the market takes it
  });

  it('a refused child the broker already had (a crash leftover) is recorded and cancelled, not marked REJECTED', async () => {
    fake.setPrice('NFO', CE, 100);
    // The last attempt wrote the row and the broker accepted it; the process died before recording that.
    await world.store.createPendingOrder(
      { clientOrderId: 'LEFT', intentId: 'basket', strategyId: 'ema-mean-reversion', leg: buy(CE, '90.00') },
      { mode: 'live', broker: 'kite', at: new Date() },
    );
    await fetch(`${fake.url}/orders/regular`, {
      method: 'POST',
      headers: {
        'X-Kite-Version': '3',
        Authorization: `token ${fake.apiKey}:${fake.accessToken}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        tradingsymbol: CE,
        exchange: 'NFO',
        transaction_type: 'BUY',
        order_type: 'LIMIT',
        quantity: '65',
        product: 'NRML',
        validity: 'DAY',
        price: '90.00',
        tag: 'LEFT',
      }),
    });
    await world.states.change({ state: 'HALTED', actor: 'ops', reason: 'panic', at: new Date() });

    // Redelivered: its first leg is refused, so the rest of the basket is refused after it.
    await world.executor.submit(
      request({
        intentId: 'basket',
        legs: [
          { clientOrderId: 'NEW', leg: buy(CE, '91.00') },
          { clientOrderId: 'LEFT', leg: buy(CE, '90.00') },
        ],
      }),
    );

    expect((await world.repository.findOrder('NEW'))!.state).toBe('REJECTED');
    expect(fake.ordersTagged('NEW')).toHaveLength(0);
    expect(fake.ordersTagged('LEFT')[0]!.status).toBe('CANCELLED');
    expect((await world.repository.findOrder('LEFT'))!.brokerOrderId).toBe(
      fake.ordersTagged('LEFT')[0]!.order_id,
    );
  });

  it('a resting order that filled before its cancel landed is closed in the second pass', async () => {
    fake.setPrice('NFO', CE, 100);
    await world.executor.submit(request({ legs: [{ clientOrderId: 'REST', leg: buy(CE, '90.00') }] }));
    // Filled at the exchange after our last look: our book still shows it OPEN and flat.
    fake.fill(fake.ordersTagged('REST')[0]!.order_id, 65, 90);
    expect((await position(CE)).netQuantity.toString()).toBe('0');

    await world.states.change({ state: 'HALTED', actor: 'ops', reason: 'panic', at: new Date() });
    await world.executor.flattenAll('panic');

    expect(sells(fake)).toHaveLength(1);
    expect(sells(fake)[0]!.body).toMatchObject({ tradingsymbol: CE, quantity: '65', order_type: 'MARKET' });
    expect((await position(CE)).netQuantity.toString()).toBe('0');
    expect((await world.repository.findOrder('REST'))!.state).toBe('FILLED');
  });
});
