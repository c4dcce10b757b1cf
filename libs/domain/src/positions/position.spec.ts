import fc from 'fast-check';

import { dec } from '../money/decimal';
import { type OrderSide } from '../orders/order-terms';
import {
  applyFillToPosition,
  averagePrice,
  FLAT_POSITION,
  markToMarket,
  type Position,
  unrealizedPnl,
} from './position';

const trade = (position: Position, side: OrderSide, quantity: number, price: string) =>
  applyFillToPosition(position, { side, quantity: dec(quantity), price: dec(price) });

describe('position', () => {
  it('buy 2 NIFTY lots at 100 and 1 more at 130: long 195 at an average of 110', () => {
    const p = trade(trade(FLAT_POSITION, 'BUY', 130, '100'), 'BUY', 65, '130');
    expect(p.netQuantity.toString()).toBe('195');
    expect(averagePrice(p)?.toString()).toBe('110');
    expect(p.realizedPnl.toString()).toBe('0');
  });

  it('partial close: long 130 @ 100, sell 65 @ 120 realizes 1300 and keeps 65 @ 100', () => {
    const p = trade(trade(FLAT_POSITION, 'BUY', 130, '100'), 'SELL', 65, '120');
    expect(p.netQuantity.toString()).toBe('65');
    expect(p.realizedPnl.toString()).toBe('1300');
    expect(averagePrice(p)?.toString()).toBe('100');
  });

  it('flip through zero: long 65 @ 100, sell 195 @ 90 realizes -650 and opens short 130 @ 90', () => {
    const p = trade(trade(FLAT_POSITION, 'BUY', 65, '100'), 'SELL', 195, '90');
    expect(p.realizedPnl.toString()).toBe('-650');
    expect(p.netQuantity.toString()).toBe('-130');
    expect(averagePrice(p)?.toString()).toBe('90');
  });

  it('short straddle leg: sell 30 BANKNIFTY PE @ 250, buy back @ 180 realizes 2100', () => {
    const p = trade(trade(FLAT_POSITION, 'SELL', 30, '250'), 'BUY', 30, '180');
    expect(p.netQuantity.isZero()).toBe(true);
    expect(p.realizedPnl.toString()).toBe('2100');
    expect(averagePrice(p)).toBeNull();
  });

  it('marks a short 60 @ 250 at 265 as 900 unrealized loss', () => {
    const p = trade(FLAT_POSITION, 'SELL', 60, '250');
    const v = markToMarket(p, dec(265));
    expect(v.unrealizedPnl.toString()).toBe('-900');
    expect(v.totalPnl.toString()).toBe('-900');
    expect(v.averagePrice?.toString()).toBe('250');
  });

  it('average price of three buys at 100, 101, 101 is 100.666…, and closing all realizes exactly', () => {
    let p = trade(FLAT_POSITION, 'BUY', 1, '100');
    p = trade(p, 'BUY', 1, '101');
    p = trade(p, 'BUY', 1, '101');
    p = trade(p, 'SELL', 1, '102');
    p = trade(p, 'SELL', 2, '102');
    expect(p.realizedPnl.toString()).toBe('4');
    expect(p.openCost.toString()).toBe('0');
  });

  it('refuses a zero-quantity fill', () => {
    expect(() => trade(FLAT_POSITION, 'BUY', 0, '100')).toThrow(
      expect.objectContaining({ code: 'INVALID_FILL' }),
    );
  });
});

describe('position properties', () => {
  const fillArb = fc.record({
    side: fc.constantFrom<OrderSide>('BUY', 'SELL'),
    quantity: fc.integer({ min: 1, max: 2000 }),
    ticks: fc.integer({ min: 1, max: 100_000 }),
  });
  const price = (ticks: number) => dec(ticks).mul('0.05');

  it('buying then selling the same quantity at the same price realizes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 100_000 }), (qty, ticks) => {
        const p = trade(
          trade(FLAT_POSITION, 'BUY', qty, price(ticks).toString()),
          'SELL',
          qty,
          price(ticks).toString(),
        );
        return p.realizedPnl.isZero() && p.netQuantity.isZero() && p.openCost.isZero();
      }),
    );
  });

  it('realized + unrealized always equals the cash-flow P&L, to the paisa and beyond', () => {
    fc.assert(
      fc.property(
        fc.array(fillArb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 100_000 }),
        (fills, markTicks) => {
          let p = FLAT_POSITION;
          let cash = dec(0);
          let net = dec(0);
          for (const f of fills) {
            p = applyFillToPosition(p, { side: f.side, quantity: dec(f.quantity), price: price(f.ticks) });
            const signed = f.side === 'BUY' ? dec(f.quantity) : dec(-f.quantity);
            cash = cash.minus(signed.mul(price(f.ticks)));
            net = net.plus(signed);
          }
          const mark = price(markTicks);
          const cashPnl = cash.plus(net.mul(mark));
          return p.netQuantity.eq(net) && p.realizedPnl.plus(unrealizedPnl(p, mark)).eq(cashPnl);
        },
      ),
    );
  });

  it('a flat position has realized everything: its P&L is the cash flow', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 20 }), (fills) => {
        let p = FLAT_POSITION;
        let cash = dec(0);
        for (const f of fills) {
          p = applyFillToPosition(p, { side: f.side, quantity: dec(f.quantity), price: price(f.ticks) });
          cash = cash.plus((f.side === 'BUY' ? dec(-f.quantity) : dec(f.quantity)).mul(price(f.ticks)));
        }
        // Close whatever is open at a fixed price, then everything is realized.
        if (!p.netQuantity.isZero()) {
          const side: OrderSide = p.netQuantity.isPositive() ? 'SELL' : 'BUY';
          cash = cash.plus(p.netQuantity.mul('100'));
          p = applyFillToPosition(p, { side, quantity: p.netQuantity.abs(), price: dec(100) });
        }
        return p.netQuantity.isZero() && p.openCost.isZero() && p.realizedPnl.eq(cash);
      }),
    );
  });
});
