import { chargesForFill, dec, indexOption, tradeDate, type IndianBroker } from '@dalal/domain';
import { addDays } from '@dalal/market';

import { earliestOptionRatesDate, optionRatesDateFor } from './charges-rates';

const charge = (broker: IndianBroker, ratesOn: string) =>
  chargesForFill(
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
    { broker, ratesOn: tradeDate(ratesOn) },
  );

describe('dated charge rates for old fills', () => {
  it.each<IndianBroker>(['ZERODHA', 'ANGEL_ONE'])(
    '%s: every charge has a rate on the earliest day and not on the day before',
    (broker) => {
      const earliest = earliestOptionRatesDate(broker, 'NSE');
      expect(charge(broker, earliest).total.gt(0)).toBe(true);
      expect(() => charge(broker, addDays(earliest, -1))).toThrow(/in force on/);
    },
  );

  it('a 2012 fill is charged at the earliest rates; a fill from that day on at its own', () => {
    const earliest = earliestOptionRatesDate('ZERODHA', 'NSE');
    expect(optionRatesDateFor('ZERODHA', 'NSE', '2012-12-03')).toBe(earliest);
    expect(optionRatesDateFor('ZERODHA', 'NSE', addDays(earliest, -1))).toBe(earliest);
    expect(optionRatesDateFor('ZERODHA', 'NSE', earliest)).toBeUndefined();
    expect(optionRatesDateFor('ZERODHA', 'BSE', '2026-12-02')).toBeUndefined();
  });
});
