import { ATR as TiAtr } from 'technicalindicators';

import { Atr, atrSeries } from './atr';
import { expectClose, niftyBars } from './testing/nifty-bars';
import { expectIndicatorError } from './testing/scenarios';

const bar = (high: number, low: number, close: number) => ({ high, low, close });

describe('Atr', () => {
  it('uses the true range against the previous close, seeded by a plain average (hand-computed)', () => {
    const bars = [bar(10, 8, 9), bar(12, 9, 11), bar(11, 10, 10.5), bar(15, 12, 14), bar(14, 13, 13)];
    // TR: bar1 max(3, |12−9|, |9−9|) = 3; bar2 max(1, 0, 1) = 1; bar3 max(3, 4.5, 1.5) = 4.5; bar4 max(1, 0, 1) = 1.
    // ATR(2): (3 + 1)/2 = 2 on bar 2; (2·1 + 4.5)/2 = 3.25; (3.25 + 1)/2 = 2.125.
    expect(atrSeries(bars, 2)).toEqual([undefined, undefined, 2, 3.25, 2.125]);
    const atr = new Atr(2);
    bars.forEach((b) => atr.update(b));
    expect(atr.trueRange).toBe(1);
  });

  it('streaming equals batch on the NIFTY bars', () => {
    const bars = niftyBars();
    const batch = atrSeries(bars, 14);
    const atr = new Atr(14);
    bars.forEach((b, i) => {
      expect(atr.update(b)).toBe(batch[i]);
      expect(atr.isReady).toBe(i >= 14);
    });
  });

  it.each([1, 5, 14, 50])('matches technicalindicators ATR(%i) value by value on NIFTY bars', (period) => {
    const bars = niftyBars();
    const ours = atrSeries(bars, period);
    const ref = TiAtr.calculate({
      period,
      high: bars.map((b) => b.high),
      low: bars.map((b) => b.low),
      close: bars.map((b) => b.close),
    });
    expect(ref).toHaveLength(bars.length - period);
    ref.forEach((r, j) => expectClose(ours[j + period], r));
  });

  it('period 1 is the true range; flat bars have zero ATR', () => {
    expect(atrSeries([bar(10, 8, 9), bar(12, 9, 11), bar(11, 10, 10.5)], 1)).toEqual([undefined, 3, 1]);
    expect(atrSeries(new Array(20).fill(bar(100, 100, 100)), 5).slice(5)).toEqual(new Array(15).fill(0));
  });

  it('reset() forgets the previous close too', () => {
    const atr = new Atr(1);
    atr.update(bar(500, 400, 450));
    atr.reset();
    expect(atr.update(bar(10, 8, 9))).toBeUndefined();
    expect(atr.update(bar(12, 9, 11))).toBe(3);
  });

  it('rejects NaN fields, a low above the high, and bad periods', () => {
    expectIndicatorError(
      () => new Atr().update(bar(10, NaN, 9)),
      'INVALID_INPUT',
      /Atr: input must be a finite number/,
    );
    expectIndicatorError(
      () => new Atr().update(bar(8, 10, 9)),
      'INVALID_INPUT',
      /low 10 is above its high 8/,
    );
    expectIndicatorError(() => new Atr(0), 'INVALID_PERIOD');
  });
});
