import { type OrderRequest } from '@dalal/contracts';

import { planBasket } from './plan-basket';

const leg = (instrument: string, side: 'BUY' | 'SELL', quantity: number, role: 'MAIN' | 'HEDGE') => ({
  instrument,
  exchange: 'NFO' as const,
  side,
  quantity,
  orderType: 'MARKET' as const,
  product: 'MIS' as const,
  validity: 'DAY' as const,
  role,
});

const ironCondorLegs: OrderRequest['legs'] = [
  { clientOrderId: 'SC', leg: leg('NIFTY26D0826000CE', 'SELL', 65, 'MAIN') },
  { clientOrderId: 'BC', leg: leg('NIFTY26D0826500CE', 'BUY', 65, 'HEDGE') },
  { clientOrderId: 'SP', leg: leg('NIFTY26D0824000PE', 'SELL', 65, 'MAIN') },
  { clientOrderId: 'BP', leg: leg('NIFTY26D0823500PE', 'BUY', 65, 'HEDGE') },
];

const request = (action: 'ENTER' | 'EXIT', legs = ironCondorLegs): OrderRequest => ({
  intentId: 'intent-1',
  strategyId: 'iron-condor',
  mode: 'paper',
  broker: 'paper',
  action,
  legs,
});

const options = { lotSizeOf: () => 65, freezeOf: () => 1800 };

describe('basket plan', () => {
  it('buys the wings before selling the body when entering an iron condor', () => {
    expect(planBasket(request('ENTER'), options).map((c) => c.clientOrderId)).toEqual([
      'BC',
      'BP',
      'SC',
      'SP',
    ]);
  });

  it('buys back the body before selling the wings when exiting', () => {
    expect(planBasket(request('EXIT'), options).map((c) => c.clientOrderId)).toEqual([
      'SC',
      'SP',
      'BC',
      'BP',
    ]);
  });

  it('slices 30 lots of NIFTY (1950) under the 1800 freeze into 1755 + 195, with distinct stable ids', () => {
    const big = request('ENTER', [
      { clientOrderId: '01JEXAMPLEORDERID1', leg: leg('NIFTY26D0826000CE', 'BUY', 1950, 'MAIN') },
    ]);
    const plan = planBasket(big, options);
    expect(plan.map((c) => [c.clientOrderId, c.leg.quantity])).toEqual([
      ['01JEXAMPLEORDERID~00', 1755],
      ['01JEXAMPLEORDERID~01', 195],
    ]);
    expect(planBasket(big, options)).toEqual(plan);
    expect(plan.every((c) => c.clientOrderId.length <= 20)).toBe(true);
  });

  it('sends a leg within the freeze limit as it is', () => {
    const plan = planBasket(request('ENTER', [ironCondorLegs[0]!]), {
      ...options,
      freezeOf: () => undefined,
    });
    expect(plan).toEqual([
      { clientOrderId: 'SC', intentId: 'intent-1', strategyId: 'iron-condor', leg: ironCondorLegs[0]!.leg },
    ]);
  });
});
