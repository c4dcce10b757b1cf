import { type OrderLeg } from '@dalal/contracts';
import { FakeKiteServer } from '@dalal/fakes';
import { type PrismaService } from '@dalal/persistence';

import { executionAgainstFakeKite, freshDatabase, request } from '../testing/execution-harness';

const CE = 'NIFTY26D0825000CE';

const marketLeg = (instrument: string, side: 'BUY' | 'SELL', role: 'MAIN' | 'HEDGE'): OrderLeg => ({
  instrument,
  exchange: 'NFO',
  side,
  quantity: 65,
  orderType: 'MARKET',
  product: 'MIS',
  validity: 'DAY',
  role,
});

describe('order execution against the fake Kite server, on Postgres', () => {
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

  it('records the order before sending it, then follows it through partial and full fills to a position', async () => {
    await world.executor.submit(request());
    const [brokerOrder] = fake.ordersTagged('EMR0000000000000001');
    expect(brokerOrder).toBeDefined();
    expect((await world.repository.findOrder('EMR0000000000000001'))!).toMatchObject({
      state: 'OPEN',
      brokerOrderId: brokerOrder!.order_id,
    });

    fake.fill(brokerOrder!.order_id, 65, 101.05);
    await world.executor.sync();
    expect((await world.repository.findOrder('EMR0000000000000001'))!.state).toBe('PARTIALLY_FILLED');

    fake.fill(brokerOrder!.order_id, 65, 101.0);
    await world.executor.sync();
    await world.executor.sync(); // a repeated poll changes nothing
    const order = (await world.repository.findOrder('EMR0000000000000001'))!;
    expect(order.state).toBe('FILLED');
    expect(order.filledQuantity.toString()).toBe('130');

    expect(world.events.orderEvents.map((e) => e.state)).toEqual([
      'PENDING_SUBMIT',
      'OPEN',
      'PARTIALLY_FILLED',
      'FILLED',
    ]);
    expect(world.events.fills.map((f) => [f.quantity, f.price])).toEqual([
      [65, '101.05'],
      [65, '101'],
    ]);
    // Zerodha charges on a 65 × 101.05 buy: ₹20 brokerage + exchange, SEBI, stamp and GST.
    expect(Number(world.events.fills[0]!.charges)).toBeGreaterThan(20);
    const position = await world.repository.position({
      mode: 'live',
      strategyId: 'ema-mean-reversion',
      exchange: 'NFO',
      instrument: CE,
    });
    expect(position.netQuantity.toString()).toBe('130');
    expect(position.openCost.toString()).toBe('13133.25');
  });

  it('sends a redelivered request nowhere: one broker order per clientOrderId', async () => {
    await world.executor.submit(request());
    await world.executor.submit(request());
    await Promise.all([world.executor.submit(request()), world.executor.submit(request())]);
    expect(fake.ordersTagged('EMR0000000000000001')).toHaveLength(1);
  });

  it('resolves an order the broker accepted before we could record it (crash) by its tag, without resending', async () => {
    // The row was written, the broker accepted, then the process died before recording the broker id.
    await world.store.createPendingOrder(
      {
        clientOrderId: 'EMR0000000000000001',
        intentId: 'intent-1',
        strategyId: 'ema-mean-reversion',
        leg: request().legs[0]!.leg,
      },
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
        quantity: '130',
        product: 'MIS',
        validity: 'DAY',
        price: '101.05',
        tag: 'EMR0000000000000001',
      }),
    });

    await world.executor.sync(); // what start-up does
    await world.executor.submit(request()); // and the redelivered request
    expect(fake.ordersTagged('EMR0000000000000001')).toHaveLength(1);
    expect((await world.repository.findOrder('EMR0000000000000001'))!.state).toBe('OPEN');
  });

  it('sends on the next sync an order whose placement timed out and that the broker never got', async () => {
    fake.failNext(1, 504, 'NetworkException', 'Gateway timeout', '/orders/regular');
    await world.executor.submit(request());
    expect(world.events.alerts.map((a) => a.code)).toEqual(['order_outcome_unknown']);
    expect((await world.repository.findOrder('EMR0000000000000001'))!.state).toBe('PENDING_SUBMIT');
    expect(fake.ordersTagged('EMR0000000000000001')).toHaveLength(0);

    await world.executor.sync();
    await world.executor.sync();
    expect(fake.ordersTagged('EMR0000000000000001')).toHaveLength(1);
    expect((await world.repository.findOrder('EMR0000000000000001'))!.state).toBe('OPEN');
  });

  it('enters a hedged basket wings first, and unwinds the filled wings when a short leg is refused', async () => {
    fake.setPrice('NFO', 'NIFTY26D0826500CE', 10);
    fake.setPrice('NFO', 'NIFTY26D0823500PE', 12);
    let accepted = 0;
    fake.onOrderAccepted = () => {
      accepted += 1;
      if (accepted === 2) fake.failNext(1, 400, 'MarginException', 'Insufficient funds', '/orders/regular');
    };
    await world.executor.submit(
      request({
        legs: [
          { clientOrderId: 'SC', leg: marketLeg('NIFTY26D0826000CE', 'SELL', 'MAIN') },
          { clientOrderId: 'BC', leg: marketLeg('NIFTY26D0826500CE', 'BUY', 'HEDGE') },
          { clientOrderId: 'SP', leg: marketLeg('NIFTY26D0824000PE', 'SELL', 'MAIN') },
          { clientOrderId: 'BP', leg: marketLeg('NIFTY26D0823500PE', 'BUY', 'HEDGE') },
        ],
      }),
    );
    const sent = fake.requests
      .filter((r) => r.method === 'POST' && r.path === '/orders/regular')
      .map((r) => `${r.body['tag']} ${r.body['transaction_type']}`);
    expect(sent).toEqual(['BC BUY', 'BP BUY', 'SC SELL', 'BP~U SELL', 'BC~U SELL']);
    expect((await world.repository.findOrder('SC'))!.state).toBe('REJECTED');
    expect(await world.repository.findOrder('SP')).toBeNull(); // never admitted after the failure
    expect(world.events.alerts.map((a) => a.code)).toEqual(['broker_order_rejected', 'basket_leg_failed']);
    const wing = await world.repository.position({
      mode: 'live',
      strategyId: 'ema-mean-reversion',
      exchange: 'NFO',
      instrument: 'NIFTY26D0826500CE',
    });
    expect(wing.netQuantity.toString()).toBe('0');
  });

  it('kill switch: cancels open orders, flattens positions, and refuses new requests until re-armed', async () => {
    fake.setPrice('NFO', CE, 100);
    await world.executor.submit(
      request({ legs: [{ clientOrderId: 'OPEN1', leg: { ...request().legs[0]!.leg, price: '90.00' } }] }),
    );
    await world.executor.submit(
      request({ intentId: 'i2', legs: [{ clientOrderId: 'FILL1', leg: marketLeg(CE, 'BUY', 'MAIN') }] }),
    );
    await world.executor.sync();

    await world.states.change({ state: 'HALTED', actor: 'ops', reason: 'operator', at: new Date() });
    await world.executor.flattenAll('operator');
    expect((await world.repository.findOrder('OPEN1'))!.state).toBe('CANCELLED');
    const position = await world.repository.position({
      mode: 'live',
      strategyId: 'ema-mean-reversion',
      exchange: 'NFO',
      instrument: CE,
    });
    expect(position.netQuantity.toString()).toBe('0');

    await world.executor.submit(
      request({ intentId: 'i3', legs: [{ clientOrderId: 'AFTER', leg: marketLeg(CE, 'BUY', 'MAIN') }] }),
    );
    expect(await world.repository.findOrder('AFTER')).toMatchObject({
      state: 'REJECTED',
      reason: 'kill switch engaged: operator',
    });
    expect(fake.ordersTagged('AFTER')).toHaveLength(0);

    // REARM on the bus alone lifts only the process's own halt: the persisted HALTED still refuses.
    world.gate.liftLocalHalt();
    await world.executor.submit(
      request({ intentId: 'i3b', legs: [{ clientOrderId: 'STILL', leg: marketLeg(CE, 'BUY', 'MAIN') }] }),
    );
    expect((await world.repository.findOrder('STILL'))!.reason).toMatch(/HALTED.*ops: operator/);
    expect(fake.ordersTagged('STILL')).toHaveLength(0);

    await world.states.rearm({ actor: 'ops', reason: 'flat, checked', at: new Date() });
    await world.executor.submit(
      request({ intentId: 'i4', legs: [{ clientOrderId: 'REARMED', leg: marketLeg(CE, 'BUY', 'MAIN') }] }),
    );
    expect(fake.ordersTagged('REARMED')).toHaveLength(1);
  });

  it('reconciliation: a position the broker has and we do not blocks entries until acknowledged', async () => {
    fake.setPrice('NFO', CE, 100);
    await world.executor.submit(
      request({ legs: [{ clientOrderId: 'OURS', leg: marketLeg(CE, 'BUY', 'MAIN') }] }),
    );
    await world.executor.sync();
    expect(await world.reconciler.reconcile()).toEqual([]);

    const manual = await fetch(`${fake.url}/orders/regular`, {
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
        order_type: 'MARKET',
        quantity: '65',
        product: 'MIS',
        validity: 'DAY',
      }),
    });
    expect(manual.status).toBe(200);
    expect(await world.reconciler.reconcile()).toEqual([{ instrument: CE, ours: 65, broker: 130 }]);
    expect(world.events.alerts.map((a) => a.code)).toEqual(['reconciliation_mismatch']);

    await world.executor.submit(
      request({ intentId: 'e', legs: [{ clientOrderId: 'ENTRY', leg: marketLeg(CE, 'BUY', 'MAIN') }] }),
    );
    expect((await world.repository.findOrder('ENTRY'))!.state).toBe('REJECTED');
    await world.executor.submit(
      request({
        intentId: 'x',
        action: 'EXIT',
        legs: [{ clientOrderId: 'EXIT', leg: marketLeg(CE, 'SELL', 'MAIN') }],
      }),
    );
    expect(fake.ordersTagged('EXIT')).toHaveLength(1);

    world.guard.acknowledgeMismatch();
    await world.executor.submit(
      request({ intentId: 'e2', legs: [{ clientOrderId: 'ENTRY2', leg: marketLeg(CE, 'BUY', 'MAIN') }] }),
    );
    expect(fake.ordersTagged('ENTRY2')).toHaveLength(1);
  });

  it('surfaces an expired token as a rejected order and an alert, not a crash', async () => {
    fake.expireToken();
    await world.executor.submit(request());
    expect((await world.repository.findOrder('EMR0000000000000001'))!.state).toBe('REJECTED');
    expect(world.events.alerts.map((a) => [a.code, a.severity])).toEqual([
      ['broker_token_expired', 'CRITICAL'],
    ]);
  });
});
