import {
  blackScholesPrice,
  calendarFromTradingDays,
  fromIst,
  tradingCalendar,
  type TradingCalendar,
} from '@dalal/market';

import { indexUnderlyingOf } from './index-instruments';
import { optionContractOf } from './option-contract';
import { OptionQuotes } from './option-quotes';
import { BlackScholesPremiums } from './premiums';
import { isSimulatorError } from './simulator-error';

// December 2012 NSE trading days (the shipped NIFTY file's), with 25 Dec a holiday.
const DEC_2012 = [3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21, 24, 26, 27, 28, 31].map(
  (day) => `2012-12-${String(day).padStart(2, '0')}`,
);
const dec2012: TradingCalendar = calendarFromTradingDays('NSE', DEC_2012).calendar;
const YEAR_MS = 365 * 86_400_000;

function thrown(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (error) {
    if (isSimulatorError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a SimulatorError');
}

describe('option quotes from the index', () => {
  const quotes = () =>
    new OptionQuotes({
      premiums: new BlackScholesPremiums({ volatility: 0.15, rate: 0.065 }),
      calendarOf: () => dec2012,
    });
  const at0920 = fromIst('2012-12-03', '09:20').getTime();

  it('prices NIFTY12DEC5900CE at the last NIFTY tick: Black-Scholes to 15:30 IST on 27 Dec 2012', () => {
    const book = quotes();
    book.onIndexTick('NIFTY', 5878.45, at0920);
    const quote = book.quote('NIFTY12DEC5900CE')!;
    const byHand = blackScholesPrice({
      type: 'CE',
      spot: 5878.45,
      strike: 5900,
      timeToExpiry: (fromIst('2012-12-27', '15:30').getTime() - at0920) / YEAR_MS,
      rate: 0.065,
      volatility: 0.15,
    });
    expect(quote).toEqual({
      contract: {
        symbol: 'NIFTY12DEC5900CE',
        underlying: 'NIFTY',
        key: { optionType: 'CE', strike: 5900, expiry: '2012-12-27' },
      },
      price: byHand,
      time: at0920,
    });
    expect(byHand).toBeGreaterThan(50); // a near-the-money month-long call, not a degenerate price
  });

  it('equals the backtester’s fill basis: the option bar’s open for the bar the tick opens', () => {
    const premiums = new BlackScholesPremiums({ volatility: 0.2, rate: 0.07 });
    const book = new OptionQuotes({ premiums, calendarOf: () => dec2012 });
    const bar = { time: at0920, open: 5878.45, high: 5890, low: 5870.1, close: 5881, volume: 0 };
    book.onIndexTick('NIFTY', bar.open, bar.time);
    const key = { optionType: 'PE', strike: 5850, expiry: '2012-12-27' } as const;
    expect(book.quote('NIFTY12DEC5850PE')!.price).toBe(premiums.optionBar(key, bar).open);
  });

  it('follows the latest tick: a call gains and a put loses as NIFTY rises', () => {
    const book = quotes();
    book.onIndexTick('NIFTY', 5878.45, at0920);
    const [call, put] = [book.quote('NIFTY12DEC5900CE')!.price, book.quote('NIFTY12DEC5900PE')!.price];
    book.onIndexTick('NIFTY', 5900.2, at0920 + 60_000);
    expect(book.quote('NIFTY12DEC5900CE')!.price).toBeGreaterThan(call);
    expect(book.quote('NIFTY12DEC5900PE')!.price).toBeLessThan(put);
    expect(book.quote('NIFTY12DEC5900CE')!.time).toBe(at0920 + 60_000);
  });

  it('has no quote before its own index has ticked: a BANKNIFTY tick prices no NIFTY option', () => {
    const book = quotes();
    expect(book.quote('NIFTY12DEC5900CE')).toBeUndefined();
    book.onIndexTick('BANKNIFTY', 12400, at0920);
    expect(book.quote('NIFTY12DEC5900CE')).toBeUndefined();
    expect(book.quote('BANKNIFTY12DEC12400CE')!.price).toBeGreaterThan(0);
  });
});

describe('option contracts from trading symbols', () => {
  it('dates a monthly symbol with the given calendar, shifted off a holiday', () => {
    const noDec27 = calendarFromTradingDays(
      'NSE',
      DEC_2012.filter((day) => day !== '2012-12-27'),
    ).calendar;
    expect(optionContractOf('NIFTY12DEC5900CE', () => dec2012).key.expiry).toBe('2012-12-27');
    expect(optionContractOf('NIFTY12DEC5900CE', () => noDec27).key.expiry).toBe('2012-12-26');
  });

  it('reads weekly symbols with the date they carry, and refuses a date that is no weekly expiry', () => {
    const nse = () => tradingCalendar('NSE');
    expect(optionContractOf('NIFTY26D0825000PE', nse)).toEqual({
      symbol: 'NIFTY26D0825000PE',
      underlying: 'NIFTY',
      key: { optionType: 'PE', strike: 25000, expiry: '2026-12-08' },
    });
    expect(thrown(() => optionContractOf('NIFTY26D0925000PE', nse))).toEqual({
      code: 'UNDATED_EXPIRY',
      message: 'NIFTY26D0925000PE: 2026-12-09 is no weekly expiry',
    });
  });

  it('an option in a year the calendar lacks is UNDATED_EXPIRY; a future or other symbol NOT_AN_OPTION', () => {
    expect(thrown(() => optionContractOf('NIFTY12DEC5900CE'))).toEqual({
      code: 'UNDATED_EXPIRY',
      message: 'NIFTY12DEC5900CE: NSE calendar has no data for 2012 (known: 2025, 2026)',
    });
    expect(thrown(() => optionContractOf('NIFTY26DECFUT')).message).toBe('NIFTY26DECFUT is a future');
    expect(thrown(() => optionContractOf('RELIANCE')).code).toBe('NOT_AN_OPTION');
  });
});

describe('index instruments', () => {
  it('knows the feeds’ index names and the underlyings’ own names, and nothing else', () => {
    expect(['NIFTY 50', 'NIFTY BANK', 'SENSEX', 'NIFTY', 'BANKNIFTY'].map(indexUnderlyingOf)).toEqual([
      'NIFTY',
      'BANKNIFTY',
      'SENSEX',
      'NIFTY',
      'BANKNIFTY',
    ]);
    expect(indexUnderlyingOf('NIFTY12DEC5900CE')).toBeUndefined();
    expect(indexUnderlyingOf('BTCUSDT')).toBeUndefined();
  });
});
