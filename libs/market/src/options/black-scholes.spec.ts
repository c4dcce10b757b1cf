import fc from 'fast-check';

import { blackScholes, blackScholesPrice, priceBounds, type BlackScholesInput } from './black-scholes';

describe('Black-Scholes against textbook values', () => {
  it('Hull example 15.6: S=42, K=40, r=10%, sigma=20%, T=0.5 -> call 4.76, put 0.81', () => {
    const input = { spot: 42, strike: 40, rate: 0.1, volatility: 0.2, timeToExpiry: 0.5 };
    expect(blackScholesPrice({ ...input, type: 'CE' })).toBeCloseTo(4.7594, 4);
    expect(blackScholesPrice({ ...input, type: 'PE' })).toBeCloseTo(0.8086, 4);
  });

  it('Hull ch. 19 greeks: S=49, K=50, r=5%, sigma=20%, T=20 weeks', () => {
    const g = blackScholes({
      type: 'CE',
      spot: 49,
      strike: 50,
      rate: 0.05,
      volatility: 0.2,
      timeToExpiry: 0.3846,
    });
    expect(g.price).toBeCloseTo(2.4, 1);
    expect(g.delta).toBeCloseTo(0.522, 3);
    expect(g.gamma).toBeCloseTo(0.066, 3);
    expect(g.thetaPerYear).toBeCloseTo(-4.31, 2);
    expect(g.thetaPerDay).toBeCloseTo(-0.0118, 4);
    expect(g.vega).toBeCloseTo(12.1, 1);
    expect(g.rho).toBeCloseTo(8.91, 2);
  });

  it('Haug 1.1.1: S=60, X=65, T=0.25, r=8%, b=r, sigma=30% -> call 2.1334', () => {
    expect(
      blackScholesPrice({
        type: 'CE',
        spot: 60,
        strike: 65,
        timeToExpiry: 0.25,
        rate: 0.08,
        volatility: 0.3,
      }),
    ).toBeCloseTo(2.1334, 4);
  });

  it('Haug 1.1.2 (Merton 1973): S=100, X=95, T=0.5, r=10%, q=5%, sigma=20% -> put 2.4648', () => {
    expect(
      blackScholesPrice({
        type: 'PE',
        spot: 100,
        strike: 95,
        timeToExpiry: 0.5,
        rate: 0.1,
        dividendYield: 0.05,
        volatility: 0.2,
      }),
    ).toBeCloseTo(2.4648, 4);
  });

  it('Haug delta on a future (b=0): S=105, X=100, T=0.5, r=10%, sigma=36% -> call 0.5946, put -0.3566', () => {
    const input = {
      spot: 105,
      strike: 100,
      timeToExpiry: 0.5,
      rate: 0.1,
      dividendYield: 0.1,
      volatility: 0.36,
    };
    expect(blackScholes({ ...input, type: 'CE' }).delta).toBeCloseTo(0.5946, 4);
    expect(blackScholes({ ...input, type: 'PE' }).delta).toBeCloseTo(-0.3566, 4);
  });

  it('Haug gamma: S=55, X=60, T=0.75, r=b=10%, sigma=30% -> 0.0278', () => {
    const g = blackScholes({
      type: 'CE',
      spot: 55,
      strike: 60,
      timeToExpiry: 0.75,
      rate: 0.1,
      volatility: 0.3,
    });
    expect(g.gamma).toBeCloseTo(0.0278, 4);
  });

  it('Haug vega (as in QuantLib europeanoption.cpp): S=55, X=60, T=0.75, r=b=10%, sigma=30% -> 18.9358', () => {
    const input = { spot: 55, strike: 60, timeToExpiry: 0.75, rate: 0.1, volatility: 0.3 };
    expect(blackScholes({ ...input, type: 'CE' }).vega).toBeCloseTo(18.9358, 4);
    expect(blackScholes({ ...input, type: 'PE' }).vega).toBeCloseTo(18.9358, 4);
  });

  it('Haug theta: S=430, X=405, T=0.0833, r=7%, b=2%, sigma=20% -> put -31.1924 a year', () => {
    const g = blackScholes({
      type: 'PE',
      spot: 430,
      strike: 405,
      timeToExpiry: 0.0833,
      rate: 0.07,
      dividendYield: 0.05,
      volatility: 0.2,
    });
    expect(g.thetaPerYear).toBeCloseTo(-31.1924, 3);
    expect(g.thetaPerDay).toBeCloseTo(-31.1924 / 365, 5);
  });

  it('Haug rho: S=72, X=75, T=1, r=b=9%, sigma=19% -> call 38.7325', () => {
    const g = blackScholes({
      type: 'CE',
      spot: 72,
      strike: 75,
      timeToExpiry: 1,
      rate: 0.09,
      volatility: 0.19,
    });
    expect(g.rho).toBeCloseTo(38.7325, 4);
  });
});

describe('Black-Scholes edge cases', () => {
  it('is worth intrinsic value at expiry', () => {
    const atExpiry = { spot: 25_120, strike: 25_000, timeToExpiry: 0, rate: 0.065, volatility: 0.15 };
    expect(blackScholes({ ...atExpiry, type: 'CE' })).toMatchObject({
      price: 120,
      delta: 1,
      gamma: 0,
      vega: 0,
    });
    expect(blackScholes({ ...atExpiry, type: 'PE' })).toMatchObject({ price: 0, delta: -0, gamma: 0 });
  });

  it('rejects nonsense inputs with a typed error', () => {
    expect(() =>
      blackScholes({ type: 'CE', spot: -1, strike: 100, timeToExpiry: 1, rate: 0, volatility: 0.2 }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OPTION_INPUT' }));
    expect(() =>
      blackScholes({ type: 'CE', spot: 1, strike: 100, timeToExpiry: -1, rate: 0, volatility: 0.2 }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OPTION_INPUT' }));
  });
});

const market = fc.record({
  spot: fc.double({ min: 100, max: 100_000, noNaN: true }),
  moneyness: fc.double({ min: 0.5, max: 2, noNaN: true }),
  timeToExpiry: fc.double({ min: 0, max: 3, noNaN: true }),
  rate: fc.double({ min: -0.01, max: 0.15, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.1, noNaN: true }),
  volatility: fc.double({ min: 0, max: 2, noNaN: true }),
});

describe('Black-Scholes properties', () => {
  it('satisfies put-call parity: C - P = S e^-qT - K e^-rT', () => {
    fc.assert(
      fc.property(market, ({ moneyness, ...m }) => {
        const input: Omit<BlackScholesInput, 'type'> = { ...m, strike: m.spot * moneyness };
        const call = blackScholesPrice({ ...input, type: 'CE' });
        const put = blackScholesPrice({ ...input, type: 'PE' });
        const forwardDiff =
          m.spot * Math.exp(-m.dividendYield * m.timeToExpiry) -
          input.strike * Math.exp(-m.rate * m.timeToExpiry);
        expect(Math.abs(call - put - forwardDiff)).toBeLessThanOrEqual(1e-9 * m.spot);
      }),
    );
  });

  it('stays within the no-arbitrage bounds and call delta minus put delta is e^-qT', () => {
    fc.assert(
      fc.property(market, fc.constantFrom('CE' as const, 'PE' as const), ({ moneyness, ...m }, type) => {
        const input = { ...m, strike: m.spot * moneyness, type };
        const { lower, upper } = priceBounds(input);
        const { price } = blackScholes(input);
        expect(price).toBeGreaterThanOrEqual(lower - 1e-9 * m.spot);
        expect(price).toBeLessThanOrEqual(upper + 1e-9 * m.spot);
        if (m.volatility > 0 && m.timeToExpiry > 0) {
          const callDelta = blackScholes({ ...input, type: 'CE' }).delta;
          const putDelta = blackScholes({ ...input, type: 'PE' }).delta;
          expect(callDelta - putDelta).toBeCloseTo(Math.exp(-m.dividendYield * m.timeToExpiry), 12);
        }
      }),
    );
  });
});
