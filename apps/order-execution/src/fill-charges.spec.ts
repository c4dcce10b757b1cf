import { chargesForFill, dec, indexOption, tradeDate } from '@dalal/domain';
import { calendarFromTradingDays, fromIst } from '@dalal/market';
import { earliestOptionRatesDate } from '@dalal/simulator';

import { type StoredOrder } from './execution/execution-store';
import { indexOptionCharges } from './fill-charges';

const DEC_2012 = calendarFromTradingDays('NSE', ['2012-12-03', '2012-12-27']).calendar;
const stored = (instrument: string, side: 'BUY' | 'SELL' = 'SELL'): StoredOrder => ({
  clientOrderId: 'C1',
  strategyId: 's',
  mode: 'paper',
  broker: 'paper',
  leg: {
    instrument,
    exchange: 'NFO',
    side,
    quantity: 50,
    orderType: 'MARKET',
    product: 'MIS',
    validity: 'DAY',
    role: 'MAIN',
  },
  state: 'FILLED',
  filledQuantity: 50,
});
const never = (reason: string) => {
  throw new Error(reason);
};

describe('fill charges of index options', () => {
  it('a replayed 2012 sell is charged at the earliest rates, as the backtester charges it', () => {
    const charged = indexOptionCharges(
      stored('NIFTY12DEC5900CE'),
      50,
      dec('80.5'),
      fromIst('2012-12-03', '10:00'),
      never,
      () => DEC_2012,
    );
    const earliest = earliestOptionRatesDate('ZERODHA', 'NSE');
    const backtester = chargesForFill(
      {
        instrument: indexOption({
          underlying: 'NIFTY',
          exchange: 'NFO',
          expiry: tradeDate('2012-12-27'),
          strike: dec(5900),
          optionType: 'CE',
          tradeDate: tradeDate('2012-12-03'),
          lotSize: dec(50),
          freezeQuantity: null,
        }),
        side: 'SELL',
        quantity: dec(50),
        price: dec('80.5'),
        tradeDate: tradeDate('2012-12-03'),
      },
      { broker: 'ZERODHA', ratesOn: tradeDate(earliest) },
    );
    expect(charged.gt(0)).toBe(true);
    expect(charged.toString()).toBe(backtester.total.toString());
  });

  it('a fill inside the rate tables is charged at its own day’s rates', () => {
    const at = fromIst('2026-12-02', '10:00');
    const charged = indexOptionCharges(stored('NIFTY26D0825000CE', 'BUY'), 65, dec('120'), at, never);
    const own = chargesForFill(
      {
        instrument: indexOption({
          underlying: 'NIFTY',
          exchange: 'NFO',
          expiry: tradeDate('2026-12-08'),
          strike: dec(25000),
          optionType: 'CE',
          tradeDate: tradeDate('2026-12-02'),
        }),
        side: 'BUY',
        quantity: dec(65),
        price: dec('120'),
        tradeDate: tradeDate('2026-12-02'),
      },
      { broker: 'ZERODHA' },
    );
    expect(charged.toString()).toBe(own.total.toString());
  });

  it('reports what it cannot charge — a future, an undatable expiry — and charges nothing for it', () => {
    const reasons: string[] = [];
    const at = fromIst('2012-12-03', '10:00');
    expect(
      indexOptionCharges(stored('NIFTY12DECFUT'), 50, dec('5900'), at, (r) => reasons.push(r)).isZero(),
    ).toBe(true);
    expect(
      indexOptionCharges(stored('NIFTY12DEC5900CE'), 50, dec('80'), at, (r) => reasons.push(r)).isZero(),
    ).toBe(true);
    expect(reasons).toEqual([
      'no charges for NIFTY12DECFUT: NIFTY12DECFUT is a future',
      'no charges for NIFTY12DEC5900CE: NIFTY12DEC5900CE: NSE calendar has no data for 2012 (known: 2025, 2026)',
    ]);
  });
});
