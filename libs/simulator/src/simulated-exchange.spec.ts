import { SimulatedExchange } from './simulated-exchange';

const bar = (open: number, high: number, low: number, close: number) => ({ time: 1, open, high, low, close });

describe('SimulatedExchange', () => {
  const exchange = () => new SimulatedExchange({ slippage: 0.1, tickSize: 0.05 });

  it('a market buy fills at the next bar open plus slippage, a sell at the open minus it', () => {
    const ex = exchange();
    ex.submit({ id: 'b', instrument: 'X', side: 'BUY', quantity: 50, type: 'MARKET' });
    ex.submit({ id: 's', instrument: 'X', side: 'SELL', quantity: 50, type: 'MARKET' });
    expect(ex.onBar('X', bar(100, 101, 99, 100.5)).map((f) => [f.orderId, f.price])).toEqual([
      ['b', 100.1],
      ['s', 99.9],
    ]);
    expect(ex.hasPending).toBe(false);
  });

  it('orders wait for their own instrument', () => {
    const ex = exchange();
    ex.submit({ id: 'b', instrument: 'X', side: 'BUY', quantity: 1, type: 'MARKET' });
    expect(ex.onBar('Y', bar(5, 5, 5, 5))).toEqual([]);
    expect(ex.hasPending).toBe(true);
  });

  it('a buy limit fills at the open when the open is already below it, else at the limit when the low reaches it', () => {
    const ex = exchange();
    ex.submit({ id: 'l', instrument: 'X', side: 'BUY', quantity: 1, type: 'LIMIT', limitPrice: 98 });
    expect(ex.onBar('X', bar(100, 101, 98.5, 100))).toEqual([]); // never traded at 98
    expect(ex.onBar('X', bar(100, 100, 97, 97.5))[0]!.price).toBe(98);
    ex.submit({ id: 'g', instrument: 'X', side: 'BUY', quantity: 1, type: 'LIMIT', limitPrice: 98 });
    expect(ex.onBar('X', bar(96, 97, 95, 96))[0]!.price).toBe(96); // gap down: the better open
  });

  it('a sell stop triggers when the low trades through, fills at the trigger minus slippage, or at a gapped open', () => {
    const ex = exchange();
    ex.submit({ id: 's', instrument: 'X', side: 'SELL', quantity: 1, type: 'STOP', triggerPrice: 95 });
    expect(ex.onBar('X', bar(100, 101, 96, 97))).toEqual([]);
    expect(ex.onBar('X', bar(97, 97, 94, 94.5))[0]!.price).toBe(94.9);
    ex.submit({ id: 's2', instrument: 'X', side: 'SELL', quantity: 1, type: 'STOP', triggerPrice: 95 });
    expect(ex.onBar('X', bar(90, 91, 89, 90))[0]!.price).toBe(89.9);
  });

  it('prices land on the tick grid and never below one tick; cancel removes a working order', () => {
    const ex = exchange();
    ex.submit({ id: 's', instrument: 'X', side: 'SELL', quantity: 1, type: 'MARKET' });
    expect(ex.onBar('X', bar(0.07, 0.07, 0.07, 0.07))[0]!.price).toBe(0.05);
    ex.submit({ id: 'c', instrument: 'X', side: 'BUY', quantity: 1, type: 'MARKET' });
    expect(ex.cancel('c')).toBe(true);
    expect(ex.hasPending).toBe(false);
  });
});
