import { type OrderLeg } from '@dalal/contracts';
import { FakeKiteServer } from '@dalal/fakes';
import { type PrismaService } from '@dalal/persistence';

import { executionAgainstFakeKite, freshDatabase, request } from '../testing/execution-harness';
import { slowBroker } from '../testing/slow-broker';

const CE = 'NIFTY26D0825000CE';
const BROKER_MS = 300;

/** 6 × 1755 (27 lots of 65, the most under the 1800 freeze): six child orders, all resting below market. */
const bigLimitBuy: OrderLeg = {
  instrument: CE,
  exchange: 'NFO',
  side: 'BUY',
  quantity: 6 * 1755,
  orderType: 'LIMIT',
  product: 'NRML',
  validity: 'DAY',
  price: '80.00',
  role: 'MAIN',
};

const placements = (fake: FakeKiteServer) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === '/orders/regular').map((r) => r.body['tag']);

describe('kill switch on a slow broker (300 ms per call), fake Kite, Postgres', () => {
  let database: { prisma: PrismaService; drop: () => Promise<void> };
  let fake: FakeKiteServer;
  let world: Awaited<ReturnType<typeof executionAgainstFakeKite>>;

  beforeEach(async () => {
    database = await freshDatabase();
    fake = new FakeKiteServer();
    await fake.start();
    fake.setPrice('NFO', CE, 100);
    world = await executionAgainstFakeKite(database.prisma, fake, {
      wrap: (kite) => slowBroker(kite, BROKER_MS),
    });
  });

  afterEach(async () => {
    await fake.stop();
    await database.drop();
  });

  it('a 6-slice order with the kill switch engaged after the 2nd slice: no later slice reaches the broker', async () => {
    let accepted = 0;
    let killed: Promise<void> | undefined;
    fake.onOrderAccepted = async () => {
      accepted += 1;
      // The control handler's path: persisted HALTED, then flattenAll (which also halts the process).
      if (accepted === 2)
        killed = world.states
          .change({ state: 'HALTED', actor: 'ops', reason: 'runaway order', at: new Date() })
          .then(() => world.executor.flattenAll('runaway order'));
    };
    const basket = world.executor.submit(request({ legs: [{ clientOrderId: 'BIG', leg: bigLimitBuy }] }));
    await basket;
    await killed;

    expect(placements(fake)).toEqual(['BIG~00', 'BIG~01']);
    const slices = await Promise.all(
      ['BIG~00', 'BIG~01', 'BIG~02', 'BIG~03', 'BIG~04', 'BIG~05'].map((id) =>
        world.repository.findOrder(id),
      ),
    );
    // The two that went out were cancelled by the flattening; the four others recorded as refused.
    expect(slices.map((o) => o!.state)).toEqual([
      'CANCELLED',
      'CANCELLED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
      'REJECTED',
    ]);
    expect(slices[2]!.reason).toBe('kill switch engaged: runaway order');
    expect(slices[5]!.reason).toBe('kill switch engaged: runaway order');
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
  }, 60_000);

  it('a halt persisted by another process (no command here) stops the basket at its next slice', async () => {
    let accepted = 0;
    fake.onOrderAccepted = async () => {
      accepted += 1;
      if (accepted === 2)
        await world.states.change({
          state: 'HALTED',
          actor: 'gateway:ops',
          reason: 'desk halt',
          at: new Date(),
        });
    };
    await world.executor.submit(request({ legs: [{ clientOrderId: 'BIG', leg: bigLimitBuy }] }));

    expect(placements(fake)).toEqual(['BIG~00', 'BIG~01']);
    const third = (await world.repository.findOrder('BIG~02'))!;
    expect(third.state).toBe('REJECTED');
    expect(third.reason).toBe(
      'trading is HALTED (kill switch): only cancels and flattening (gateway:ops: desk halt)',
    );
    expect((await world.repository.findOrder('BIG~05'))!.state).toBe('REJECTED');
    // The basket unwinds what it placed: cancels are allowed while HALTED; nothing new was placed.
    expect((await world.repository.findOrder('BIG~01'))!.state).toBe('CANCELLED');
    expect(placements(fake)).toHaveLength(2);
  }, 60_000);

  it('queued requests are refused and cancel-all + flatten runs next, not behind them', async () => {
    // A position to flatten: one lot bought at market before anything else.
    await world.executor.submit(
      request({
        intentId: 'held',
        legs: [
          {
            clientOrderId: 'HELD',
            leg: { ...bigLimitBuy, quantity: 65, orderType: 'MARKET', price: undefined },
          },
        ],
      }),
    );
    await world.executor.sync();
    fake.requests.length = 0;

    const settled: string[] = [];
    const inFlight = world.executor
      .submit(
        request({
          intentId: 'first',
          legs: [{ clientOrderId: 'FIRST', leg: { ...bigLimitBuy, quantity: 65 } }],
        }),
      )
      .then(() => settled.push('FIRST'));
    const queued = Array.from({ length: 10 }, (_, n) =>
      world.executor
        .submit(
          request({
            intentId: `q${n}`,
            legs: [{ clientOrderId: `Q${n}`, leg: { ...bigLimitBuy, quantity: 65 } }],
          }),
        )
        .then(() => settled.push(`Q${n}`)),
    );
    // Engage while FIRST is at the broker and ten requests wait behind it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(world.executor.queued).toBe(10);
    await world.states.change({ state: 'HALTED', actor: 'ops', reason: 'panic', at: new Date() });
    const flattened = world.executor.flattenAll('panic').then(() => settled.push('FLATTEN'));
    await Promise.all([inFlight, flattened, ...queued]);

    expect(settled[0]).toBe('FIRST');
    expect(settled[1]).toBe('FLATTEN');
    expect(settled.slice(2).sort()).toEqual(Array.from({ length: 10 }, (_, n) => `Q${n}`).sort());
    for (let n = 0; n < 10; n++) {
      expect(await world.repository.findOrder(`Q${n}`)).toMatchObject({
        state: 'REJECTED',
        reason: 'kill switch engaged: panic',
      });
    }
    // At the broker: FIRST (already in flight), its cancel, and the closing sell of the held lot — no Qn.
    expect(placements(fake)).toEqual(['FIRST', expect.stringMatching(/^K/)]);
    expect((await world.repository.findOrder('FIRST'))!.state).toBe('CANCELLED');
    const held = await world.repository.position({
      mode: 'live',
      strategyId: 'ema-mean-reversion',
      exchange: 'NFO',
      instrument: CE,
    });
    expect(held.netQuantity.toString()).toBe('0');
  }, 60_000);
});
