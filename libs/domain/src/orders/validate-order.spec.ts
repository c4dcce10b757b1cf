import { type Instrument } from '../instruments/instrument';
import { dec } from '../money/decimal';
import { bankNiftyPut, btcUsdt, limitBuy, niftyCall } from '../testing/builders';
import { type OrderRequest, validateOrder } from './validate-order';

const codes = (order: OrderRequest, instrument: Instrument = niftyCall()) => {
  const result = validateOrder(order, instrument);
  return result.ok ? [] : result.issues.map((i) => i.code);
};

const base = limitBuy(65, '120.50');

describe('validateOrder', () => {
  it('a 2-lot NIFTY CE limit buy at 120.50 is fine as one order', () => {
    const result = validateOrder(limitBuy(130, '120.50'), niftyCall());
    expect(result).toEqual({ ok: true, needsSlicing: false, slices: [dec(130)] });
  });

  it('a market sell of one lot needs neither price nor trigger', () => {
    expect(codes({ ...base, side: 'SELL', type: 'MARKET', price: null })).toEqual([]);
  });

  it('an SL-M exit needs only a trigger on the tick grid', () => {
    expect(codes({ ...base, side: 'SELL', type: 'SL-M', price: null, triggerPrice: dec('95.05') })).toEqual(
      [],
    );
  });

  it.each<[string, Partial<OrderRequest>, string[]]>([
    ['a LIMIT without a price', { price: null }, ['PRICE_REQUIRED']],
    ['a MARKET order with a price', { type: 'MARKET' }, ['PRICE_NOT_ALLOWED']],
    ['a LIMIT with a trigger', { triggerPrice: dec('120') }, ['TRIGGER_NOT_ALLOWED']],
    ['an SL without a trigger', { type: 'SL' }, ['TRIGGER_REQUIRED']],
    ['an SL without price or trigger', { type: 'SL', price: null }, ['PRICE_REQUIRED', 'TRIGGER_REQUIRED']],
    ['an SL-M without a trigger', { type: 'SL-M', price: null }, ['TRIGGER_REQUIRED']],
    ['an SL-M with a limit price', { type: 'SL-M', triggerPrice: dec('120') }, ['PRICE_NOT_ALLOWED']],
    ['a zero quantity', { quantity: dec(0) }, ['QUANTITY_NOT_POSITIVE']],
    ['a negative quantity', { quantity: dec(-65) }, ['QUANTITY_NOT_POSITIVE']],
    ['75 units when the NIFTY lot is 65', { quantity: dec(75) }, ['QUANTITY_NOT_LOT_MULTIPLE']],
    ['a price of 120.52 off the 0.05 grid', { price: dec('120.52') }, ['PRICE_OFF_TICK']],
    ['a zero price', { price: dec(0) }, ['PRICE_NOT_POSITIVE']],
    ['an SL trigger off the grid', { type: 'SL', triggerPrice: dec('119.99') }, ['TRIGGER_OFF_TICK']],
    [
      'an SL-M with a negative trigger',
      { type: 'SL-M', price: null, triggerPrice: dec(-1) },
      ['TRIGGER_NOT_POSITIVE'],
    ],
    [
      'a buy SL whose trigger is above its limit',
      { type: 'SL', triggerPrice: dec('121') },
      ['TRIGGER_WRONG_SIDE_OF_PRICE'],
    ],
    [
      'a sell SL whose trigger is below its limit',
      { side: 'SELL', type: 'SL', triggerPrice: dec('120') },
      ['TRIGGER_WRONG_SIDE_OF_PRICE'],
    ],
    ['CNC on an option', { product: 'CNC' }, ['PRODUCT_NOT_ALLOWED']],
  ])('rejects %s', (_scenario, change, expected) => {
    expect(codes({ ...base, ...change })).toEqual(expected);
  });

  it('reports every problem of a badly filled ticket at once', () => {
    expect(codes({ ...base, quantity: dec(10), price: dec('1.01'), product: 'CNC' })).toEqual([
      'QUANTITY_NOT_LOT_MULTIPLE',
      'PRICE_OFF_TICK',
      'PRODUCT_NOT_ALLOWED',
    ]);
  });

  it('gives each issue a message a trader can act on', () => {
    const result = validateOrder({ ...base, quantity: dec(75) }, niftyCall());
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues[0]?.message).toBe('quantity 75 is not a multiple of the lot size 65');
  });

  it('30 NIFTY lots (1950) above the 1800 freeze must be sliced into 1755 + 195', () => {
    const result = validateOrder(limitBuy(1950, '120.50'), niftyCall());
    expect(result).toEqual({ ok: true, needsSlicing: true, slices: [dec(1755), dec(195)] });
  });

  it('exactly the freeze quantity of BANKNIFTY (600) goes as one order', () => {
    const result = validateOrder(limitBuy(600, '300'), bankNiftyPut());
    expect(result).toEqual({ ok: true, needsSlicing: false, slices: [dec(600)] });
  });

  it('flags a freeze quantity below one lot as bad reference data', () => {
    expect(codes(base, niftyCall({ freezeQuantity: dec(50) }))).toEqual(['FREEZE_BELOW_LOT']);
  });

  it('a BTC spot buy of 0.00123 at 60000.01 as CNC is fine; NRML is not a spot product', () => {
    const spot = { ...base, product: 'CNC' as const, quantity: dec('0.00123'), price: dec('60000.01') };
    expect(codes(spot, btcUsdt())).toEqual([]);
    expect(codes({ ...spot, product: 'NRML' }, btcUsdt())).toEqual(['PRODUCT_NOT_ALLOWED']);
    expect(codes({ ...spot, quantity: dec('0.000015') }, btcUsdt())).toEqual(['QUANTITY_NOT_LOT_MULTIPLE']);
  });
});
