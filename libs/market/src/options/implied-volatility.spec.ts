import fc from 'fast-check';

import { blackScholes } from './black-scholes';
import { impliedVolatility } from './implied-volatility';

describe('implied volatility', () => {
  it('recovers 20% from Hull 15.6 prices', () => {
    const input = { spot: 42, strike: 40, rate: 0.1, timeToExpiry: 0.5 };
    expect(impliedVolatility({ ...input, type: 'CE', price: 4.759422392871535 })).toBeCloseTo(0.2, 10);
    expect(impliedVolatility({ ...input, type: 'PE', price: 0.8085993729000922 })).toBeCloseTo(0.2, 10);
  });

  it('solves a weekly NIFTY straddle leg two days out', () => {
    const input = { type: 'CE' as const, spot: 25_050, strike: 25_000, rate: 0.065, timeToExpiry: 2 / 365 };
    const price = blackScholes({ ...input, volatility: 0.11 }).price;
    expect(impliedVolatility({ ...input, price })).toBeCloseTo(0.11, 9);
  });

  it('handles deep ITM and far OTM strikes, where vega almost vanishes', () => {
    const base = { spot: 25_000, rate: 0.065, timeToExpiry: 30 / 365 };
    for (const [strike, type] of [
      [15_000, 'CE'],
      [35_000, 'PE'],
      [31_000, 'CE'],
      [20_000, 'PE'],
    ] as const) {
      const price = blackScholes({ ...base, strike, type, volatility: 0.35 }).price;
      expect(impliedVolatility({ ...base, strike, type, price })).toBeCloseTo(0.35, 4);
    }
  });

  it('returns 0 at the lower bound, including at expiry', () => {
    expect(
      impliedVolatility({
        type: 'CE',
        spot: 25_120,
        strike: 25_000,
        rate: 0.065,
        timeToExpiry: 0,
        price: 120,
      }),
    ).toBe(0);
    expect(
      impliedVolatility({
        type: 'PE',
        spot: 25_120,
        strike: 25_000,
        rate: 0.065,
        timeToExpiry: 0.1,
        price: 0,
      }),
    ).toBe(0);
  });

  it('throws PRICE_OUTSIDE_BOUNDS below intrinsic or above the spot', () => {
    const base = { spot: 100, strike: 90, rate: 0.05, timeToExpiry: 0.5 };
    expect(() => impliedVolatility({ ...base, type: 'CE', price: 5 })).toThrow(
      expect.objectContaining({ code: 'PRICE_OUTSIDE_BOUNDS' }),
    );
    expect(() => impliedVolatility({ ...base, type: 'CE', price: 101 })).toThrow(
      expect.objectContaining({ code: 'PRICE_OUTSIDE_BOUNDS' }),
    );
    expect(() => impliedVolatility({ ...base, type: 'PE', price: -1 })).toThrow(
      expect.objectContaining({ code: 'PRICE_OUTSIDE_BOUNDS' }),
    );
    expect(() => impliedVolatility({ ...base, timeToExpiry: 0, type: 'CE', price: 12 })).toThrow(
      expect.objectContaining({ code: 'PRICE_OUTSIDE_BOUNDS' }),
    );
  });

  it('round-trips: IV(price(sigma)) reprices to the same price, and to sigma where vega is material', () => {
    fc.assert(
      fc.property(
        fc.record({
          type: fc.constantFrom('CE' as const, 'PE' as const),
          spot: fc.double({ min: 100, max: 100_000, noNaN: true }),
          moneyness: fc.double({ min: 0.6, max: 1.6, noNaN: true }),
          timeToExpiry: fc.double({ min: 1 / 365, max: 2, noNaN: true }),
          rate: fc.double({ min: 0, max: 0.12, noNaN: true }),
          dividendYield: fc.double({ min: 0, max: 0.05, noNaN: true }),
          volatility: fc.double({ min: 0.03, max: 2, noNaN: true }),
        }),
        ({ moneyness, volatility, ...m }) => {
          const input = { ...m, strike: m.spot * moneyness };
          const { price, vega } = blackScholes({ ...input, volatility });
          // Prices within float noise of the lower bound carry no volatility information.
          fc.pre(price > 1e-8 * m.spot);
          const iv = impliedVolatility({ ...input, price });
          expect(Math.abs(blackScholes({ ...input, volatility: iv }).price - price)).toBeLessThanOrEqual(
            1e-9 * m.spot,
          );
          if (vega > 1e-3 * m.spot) expect(iv).toBeCloseTo(volatility, 6);
        },
      ),
      { numRuns: 500 },
    );
  });
});
