import fc from 'fast-check';

import { blackScholes } from './black-scholes';
import { atmStrike, strikeAtOffset, strikeByDelta, strikesAround } from './option-chain';

describe('option chain', () => {
  it('rounds the spot to the nearest strike: 50 for NIFTY, 100 for BANKNIFTY and SENSEX', () => {
    expect(atmStrike(25_024.9, 50)).toBe(25_000);
    expect(atmStrike(25_025, 50)).toBe(25_050);
    expect(atmStrike(56_149.99, 100)).toBe(56_100);
    expect(atmStrike(81_350, 100)).toBe(81_400);
  });

  it('lists ATM +/- 2 strikes', () => {
    expect(strikesAround(25_012, 50, 2)).toEqual([24_900, 24_950, 25_000, 25_050, 25_100]);
  });

  it('offsets ITM and OTM the right way for calls and puts', () => {
    expect(strikeAtOffset(25_012, 50, 'CE', 'OTM', 2)).toBe(25_100);
    expect(strikeAtOffset(25_012, 50, 'CE', 'ITM', 2)).toBe(24_900);
    expect(strikeAtOffset(25_012, 50, 'PE', 'OTM', 2)).toBe(24_900);
    expect(strikeAtOffset(25_012, 50, 'PE', 'ITM', 1)).toBe(25_050);
    expect(strikeAtOffset(25_012, 50, 'PE', 'ATM')).toBe(25_000);
  });

  it('ATM is never more than half an interval from the spot', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 200_000, noNaN: true }),
        fc.constantFrom(25, 50, 100),
        (spot, interval) => {
          const atm = atmStrike(spot, interval);
          expect(Math.abs(atm - spot)).toBeLessThanOrEqual(interval / 2 + 1e-9);
          expect(atm % interval).toBe(0);
        },
      ),
    );
  });

  it('picks the 0.25-delta NIFTY call and -0.25-delta put a week out', () => {
    const base = { spot: 25_000, interval: 50, timeToExpiry: 7 / 365, rate: 0.065, volatility: 0.13 };
    const call = strikeByDelta({ ...base, type: 'CE', targetDelta: 0.25 });
    const put = strikeByDelta({ ...base, type: 'PE', targetDelta: -0.25 });
    expect(call.strike).toBeGreaterThan(25_000);
    expect(put.strike).toBeLessThan(25_000);
    for (const pick of [call, put]) {
      const type = pick === call ? 'CE' : 'PE';
      const target = pick === call ? 0.25 : -0.25;
      for (const neighbour of [pick.strike - 50, pick.strike + 50]) {
        const { delta } = blackScholes({ ...base, type, strike: neighbour });
        expect(Math.abs(delta - target)).toBeGreaterThanOrEqual(Math.abs(pick.delta - target));
      }
    }
  });

  it('refuses a delta the option cannot have', () => {
    const base = { spot: 25_000, interval: 50, timeToExpiry: 7 / 365, rate: 0.065, volatility: 0.13 };
    expect(() => strikeByDelta({ ...base, type: 'CE', targetDelta: -0.3 })).toThrow(
      expect.objectContaining({ code: 'DELTA_UNREACHABLE' }),
    );
    expect(() => strikeByDelta({ ...base, type: 'PE', targetDelta: 1.2 })).toThrow(
      expect.objectContaining({ code: 'DELTA_UNREACHABLE' }),
    );
  });
});
