import fc from 'fast-check';

import {
  decodeTradingSymbol,
  formatTradingSymbol,
  futureSymbol,
  optionSymbol,
  parseTradingSymbol,
  type SymbolParts,
} from './trading-symbol';
import { expiries } from '../expiry/expiries';
import { UNDERLYINGS } from '../expiry/underlying';
import { formatIsoDate } from '../time/local-date';

describe('tradingsymbols from brokers.md §6.6', () => {
  it('writes weekly NIFTY symbols with the one-character month code', () => {
    expect(optionSymbol('NIFTY', '2025-09-09', 25000, 'CE')).toBe('NIFTY2590925000CE');
    expect(optionSymbol('NIFTY', '2025-10-07', 25000, 'CE')).toBe('NIFTY25O0725000CE');
    expect(optionSymbol('NIFTY', '2025-11-11', 25500, 'PE')).toBe('NIFTY25N1125500PE');
    expect(optionSymbol('NIFTY', '2026-12-08', 25000, 'CE')).toBe('NIFTY26D0825000CE');
  });

  it('writes the month-end expiry in the monthly form', () => {
    expect(optionSymbol('NIFTY', '2025-09-30', 25000, 'CE')).toBe('NIFTY25SEP25000CE');
    expect(optionSymbol('NIFTY', '2026-12-29', 25000, 'CE')).toBe('NIFTY26DEC25000CE');
    expect(optionSymbol('BANKNIFTY', '2026-04-28', 56000, 'PE')).toBe('BANKNIFTY26APR56000PE');
  });

  it('writes the holiday-shifted monthly (Mon 30 Mar 2026) in the monthly form too', () => {
    expect(optionSymbol('NIFTY', '2026-03-30', 22500, 'PE')).toBe('NIFTY26MAR22500PE');
    expect(optionSymbol('NIFTY', '2026-03-02', 22500, 'PE')).toBe('NIFTY2630222500PE');
  });

  it('keeps the weekly form for a weekly moved into the previous month after its monthly', () => {
    expect(optionSymbol('NIFTY', '2025-04-30', 24000, 'CE')).toBe('NIFTY2543024000CE');
  });

  it('writes BFO SENSEX weeklies on Thursdays', () => {
    expect(optionSymbol('SENSEX', '2025-10-09', 81000, 'CE')).toBe('SENSEX25O0981000CE');
    expect(optionSymbol('SENSEX', '2026-03-25', 74000, 'CE')).toBe('SENSEX26MAR74000CE');
  });

  it('writes futures in the monthly form', () => {
    expect(futureSymbol('NIFTY', '2026-12-29')).toBe('NIFTY26DECFUT');
    expect(() => futureSymbol('NIFTY', '2026-12-08')).toThrow(
      expect.objectContaining({ code: 'NOT_AN_EXPIRY' }),
    );
  });

  it('refuses dates that are not expiries, such as the Thursday NIFTY weekly that never existed', () => {
    expect(() => optionSymbol('NIFTY', '2025-09-11', 25000, 'CE')).toThrow(
      expect.objectContaining({ code: 'NOT_AN_EXPIRY' }),
    );
    expect(() => optionSymbol('BANKNIFTY', '2026-04-21', 56000, 'CE')).toThrow(
      expect.objectContaining({ code: 'NOT_AN_EXPIRY' }),
    );
  });

  it('parses symbols back to a dated contract', () => {
    expect(parseTradingSymbol('NIFTY26MAR22500PE')).toEqual({
      underlying: 'NIFTY',
      expiry: '2026-03-30',
      type: 'PE',
      strike: 22500,
      form: 'monthly',
    });
    expect(parseTradingSymbol('NIFTY25O0725000CE')).toMatchObject({ expiry: '2025-10-07', strike: 25000 });
    expect(parseTradingSymbol('SENSEX25DECFUT')).toEqual({
      underlying: 'SENSEX',
      expiry: '2025-12-24',
      type: 'FUT',
      form: 'future',
    });
    expect(parseTradingSymbol('BANKNIFTY25JUL57000CE').expiry).toBe('2025-07-31');
  });

  it('rejects malformed or impossible symbols', () => {
    for (const bad of [
      'NIFTY2591125000CE',
      'NIFTY25S0925000CE',
      'NIFTY25O3225000CE',
      'FOO25SEP100CE',
      'NIFTY25SEP025000CE',
      'NIFTY25SEP25000XX',
    ]) {
      expect(() => parseTradingSymbol(bad)).toThrow(expect.objectContaining({ name: 'MarketError' }));
    }
    // The last Tuesday of September 2025 only exists in the monthly form.
    expect(() => parseTradingSymbol('NIFTY2593025000CE')).toThrow(
      expect.objectContaining({ code: 'INVALID_SYMBOL' }),
    );
  });
});

const strike = fc.oneof(
  fc.integer({ min: 1, max: 200_000 }),
  fc.integer({ min: 1, max: 200_000 }).map((n) => n + 0.5),
);
const underlying = fc.constantFrom(...UNDERLYINGS);
const optionType = fc.constantFrom('CE' as const, 'PE' as const);
const yearMonth = fc.record({
  year: fc.integer({ min: 2000, max: 2099 }),
  month: fc.integer({ min: 1, max: 12 }),
});

const anyParts: fc.Arbitrary<SymbolParts> = fc.oneof(
  fc
    .record({
      underlying,
      date: fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
      strike,
      type: optionType,
    })
    .map(({ underlying: u, date, strike: k, type }) => ({
      underlying: u,
      form: 'weekly' as const,
      expiry: formatIsoDate({
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
      }),
      strike: k,
      type,
    })),
  fc
    .record({ underlying, ym: yearMonth, strike, type: optionType })
    .map(({ underlying: u, ym, strike: k, type }) => ({
      underlying: u,
      form: 'monthly' as const,
      ...ym,
      strike: k,
      type,
    })),
  fc.record({ underlying, ym: yearMonth }).map(({ underlying: u, ym }) => ({
    underlying: u,
    form: 'future' as const,
    ...ym,
    type: 'FUT' as const,
  })),
);

describe('tradingsymbol round trips', () => {
  it('decode(format(parts)) returns the parts for any fields', () => {
    fc.assert(
      fc.property(anyParts, (parts) =>
        expect(decodeTradingSymbol(formatTradingSymbol(parts))).toEqual(parts),
      ),
    );
  });

  const realExpiries = UNDERLYINGS.flatMap((u) => expiries(u, '2025-01-01', '2026-12-31'));

  it('parse(optionSymbol(...)) recovers every real 2025-2026 expiry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...realExpiries),
        fc.integer({ min: 100, max: 1000 }),
        optionType,
        (expiry, k, type) => {
          const strikePrice = k * 100;
          const symbol = optionSymbol(expiry.underlying, expiry.date, strikePrice, type);
          expect(parseTradingSymbol(symbol)).toEqual({
            underlying: expiry.underlying,
            expiry: expiry.date,
            type,
            strike: strikePrice,
            form: expiry.kind,
          });
        },
      ),
    );
  });

  it('every monthly expiry has a future that parses back to it', () => {
    for (const expiry of realExpiries.filter((e) => e.kind === 'monthly')) {
      expect(parseTradingSymbol(futureSymbol(expiry.underlying, expiry.date)).expiry).toBe(expiry.date);
    }
  });
});
