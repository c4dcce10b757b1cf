import { EMA as TiEma } from 'technicalindicators';

import { Ema, emaSeries } from './ema';
import { isIndicatorError } from './indicator-error';
import { expectClose, niftyCloses } from './testing/nifty-bars';

describe('Ema', () => {
  it('seeds with the simple average of the first n values, then smooths with α = 2/(n+1)', () => {
    // EMA(3): α = 0.5; seed = (1+2+3)/3 = 2; then 2 + 0.5·(4−2) = 3; 3 + 0.5·(10−3) = 6.5
    expect(emaSeries([1, 2, 3, 4, 10], 3)).toEqual([undefined, undefined, 2, 3, 6.5]);
  });

  it('is not ready until n inputs, then reports the same value via update and value', () => {
    const ema = new Ema(3);
    expect(ema.update(1)).toBeUndefined();
    expect(ema.isReady).toBe(false);
    expect(ema.value).toBeUndefined();
    ema.update(2);
    expect(ema.update(3)).toBe(2);
    expect(ema.isReady).toBe(true);
    expect(ema.value).toBe(2);
    expect(ema.period).toBe(3);
  });

  it('streaming equals batch on the NIFTY closes', () => {
    const closes = niftyCloses();
    const batch = emaSeries(closes, 20);
    const ema = new Ema(20);
    closes.forEach((c, i) => expect(ema.update(c)).toBe(batch[i]));
  });

  it.each([5, 10, 20, 50, 200])(
    'matches technicalindicators EMA(%i) value by value on NIFTY closes',
    (period) => {
      const closes = niftyCloses();
      const ours = emaSeries(closes, period);
      const ref = TiEma.calculate({ period, values: closes });
      expect(ref).toHaveLength(closes.length - period + 1);
      ref.forEach((r, i) => expectClose(ours[i + period - 1], r));
      expect(ours.slice(0, period - 1).every((v) => v === undefined)).toBe(true);
    },
  );

  it('period 1 is the identity', () => {
    expect(emaSeries([5, -3, 7.25], 1)).toEqual([5, -3, 7.25]);
  });

  it('a constant series stays constant', () => {
    expect(emaSeries(new Array(50).fill(101.5), 10).slice(9)).toEqual(new Array(41).fill(101.5));
  });

  it('reset() forgets everything', () => {
    const ema = new Ema(3);
    [9, 9, 9, 9].forEach((v) => ema.update(v));
    ema.reset();
    expect(ema.isReady).toBe(false);
    expect(ema.value).toBeUndefined();
    expect([1, 2, 3].map((v) => ema.update(v))).toEqual([undefined, undefined, 2]);
  });

  it('rejects NaN and infinite inputs with a clear error, and bad periods', () => {
    const ema = new Ema(3);
    expect(() => ema.update(NaN)).toThrow('Ema: input must be a finite number, got NaN');
    expect(() => ema.update(Infinity)).toThrow(/finite/);
    for (const bad of [0, -1, 2.5, NaN]) {
      try {
        new Ema(bad);
        throw new Error('should have thrown');
      } catch (err) {
        expect(isIndicatorError(err, 'INVALID_PERIOD')).toBe(true);
      }
    }
  });
});
