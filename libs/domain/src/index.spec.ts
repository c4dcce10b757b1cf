import {
  applyEvent,
  applyFill,
  chargesForFill,
  createOrder,
  dec,
  formatInr,
  indexOption,
  type OrderRequest,
  tradeDate,
  validateOrder,
} from './index';

describe('the README example, through the public entry', () => {
  it('a 30-lot NIFTY CE buy is sliced, filled and costed', () => {
    const day = tradeDate('2026-02-10');
    const ce = indexOption({
      underlying: 'NIFTY',
      exchange: 'NFO',
      expiry: tradeDate('2026-02-24'),
      strike: dec(25000),
      optionType: 'CE',
      tradeDate: day,
      symbol: 'NIFTY2622425000CE',
    });
    const request: OrderRequest = {
      side: 'BUY',
      type: 'LIMIT',
      product: 'NRML',
      validity: 'DAY',
      quantity: dec(1950),
      price: dec('120.50'),
      triggerPrice: null,
    };
    expect(validateOrder(request, ce)).toEqual({
      ok: true,
      needsSlicing: true,
      slices: [dec(1755), dec(195)],
    });

    let order = createOrder({
      clientOrderId: 'intent-1:leg-0',
      instrument: ce,
      request,
      createdAt: '2026-02-10T04:00:00Z',
    });
    order = applyEvent(order, { type: 'ACCEPTED', brokerOrderId: '2602100001', at: '2026-02-10T04:00:01Z' });
    order = applyFill(order, {
      fillId: 't1',
      quantity: dec(1950),
      price: dec('120.50'),
      at: '2026-02-10T04:00:02Z',
    });
    expect(order.status).toBe('FILLED');

    // turnover 2,34,975: brokerage 20, exchange 82.31, IPFT 1.17, SEBI 0.23, stamp 7.05,
    // GST 18% × 103.71 = 18.6678 → 18.67; total 129.43
    const cost = chargesForFill(
      { instrument: ce, side: 'BUY', quantity: dec(1950), price: dec('120.50'), tradeDate: day },
      { broker: 'ZERODHA' },
    );
    expect(formatInr(cost.total)).toBe('₹129.43');
  });
});
