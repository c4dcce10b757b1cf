import { dec } from '../money/decimal';
import { applyFillToBook, EMPTY_BOOK, markBookToMarket, positionIn } from './position-book';

const CE = 'NFO:NIFTY2622425000CE';
const PE = 'NFO:NIFTY2622424500PE';

describe('position book', () => {
  it('two strategies trading the same CE keep their own positions and P&L', () => {
    let book = EMPTY_BOOK;
    book = applyFillToBook(book, {
      strategyId: 'ema-cross',
      instrumentKey: CE,
      side: 'BUY',
      quantity: dec(65),
      price: dec(100),
    });
    book = applyFillToBook(book, {
      strategyId: 'straddle',
      instrumentKey: CE,
      side: 'SELL',
      quantity: dec(130),
      price: dec(105),
    });
    book = applyFillToBook(book, {
      strategyId: 'ema-cross',
      instrumentKey: CE,
      side: 'SELL',
      quantity: dec(65),
      price: dec(110),
    });

    expect(positionIn(book, 'ema-cross', CE).realizedPnl.toString()).toBe('650');
    expect(positionIn(book, 'straddle', CE).netQuantity.toString()).toBe('-130');

    const v = markBookToMarket(book, new Map([[CE, dec(95)]]));
    expect(v.byStrategy.get('ema-cross')?.totalPnl.toString()).toBe('650');
    expect(v.byStrategy.get('straddle')?.unrealizedPnl.toString()).toBe('1300');
    expect(v.realizedPnl.toString()).toBe('650');
    expect(v.totalPnl.toString()).toBe('1950');
  });

  it('leaves the previous book untouched', () => {
    const book = applyFillToBook(EMPTY_BOOK, {
      strategyId: 's',
      instrumentKey: CE,
      side: 'BUY',
      quantity: dec(65),
      price: dec(1),
    });
    expect(EMPTY_BOOK.size).toBe(0);
    expect(book.size).toBe(1);
  });

  it('refuses to value an open position without a mark rather than show it flat', () => {
    const book = applyFillToBook(EMPTY_BOOK, {
      strategyId: 's',
      instrumentKey: PE,
      side: 'BUY',
      quantity: dec(65),
      price: dec(80),
    });
    expect(() => markBookToMarket(book, new Map())).toThrow(
      expect.objectContaining({ code: 'NO_REFERENCE_DATA' }),
    );
  });

  it('a closed position needs no mark', () => {
    let book = applyFillToBook(EMPTY_BOOK, {
      strategyId: 's',
      instrumentKey: PE,
      side: 'BUY',
      quantity: dec(65),
      price: dec(80),
    });
    book = applyFillToBook(book, {
      strategyId: 's',
      instrumentKey: PE,
      side: 'SELL',
      quantity: dec(65),
      price: dec(90),
    });
    expect(markBookToMarket(book, new Map()).totalPnl.toString()).toBe('650');
  });
});
