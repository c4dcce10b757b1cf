import { BollingerBands as TiBollinger } from 'technicalindicators';

import { BollingerBands, bollingerSeries } from './bollinger-bands';
import { expectClose, niftyCloses } from './testing/nifty-bars';
import { expectIndicatorError } from './testing/scenarios';

describe('BollingerBands', () => {
  it('is SMA ± k·population σ (hand-computed)', () => {
    // Window 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population σ = 2 (sample σ would be 2.138…).
    const out = bollingerSeries([2, 4, 4, 4, 5, 5, 7, 9], 8, 2);
    expect(out[7]).toEqual({ upper: 9, middle: 5, lower: 1, stdDev: 2 });
    expect(out.slice(0, 7).every((p) => p === undefined)).toBe(true);
  });

  it('slides the window (hand-computed)', () => {
    // Windows of 3: [1,2,3] → mean 2, σ = √(2/3); [2,3,7] → mean 4, σ = √(14/3).
    const out = bollingerSeries([1, 2, 3, 7], 3, 1.5);
    expectClose(out[2]!.stdDev, Math.sqrt(2 / 3), 1e-15);
    expectClose(out[3]!.middle, 4, 1e-15);
    expectClose(out[3]!.stdDev, Math.sqrt(14 / 3), 1e-14);
    expectClose(out[3]!.upper, 4 + 1.5 * Math.sqrt(14 / 3), 1e-14);
  });

  it('streaming equals batch and its getters agree on the NIFTY closes', () => {
    const closes = niftyCloses();
    const batch = bollingerSeries(closes, 20, 2);
    const bb = new BollingerBands(20, 2);
    closes.forEach((c, i) => {
      expect(bb.update(c)).toBe(batch[i]?.middle);
      expect(bb.value).toBe(batch[i]?.middle);
      expect(bb.upper).toBe(batch[i]?.upper);
      expect(bb.lower).toBe(batch[i]?.lower);
      expect(bb.stdDev).toBe(batch[i]?.stdDev);
    });
  });

  it.each([
    [20, 2],
    [5, 1],
    [50, 2.5],
  ])('matches technicalindicators BollingerBands(%i, %d) value by value on NIFTY closes', (period, k) => {
    const closes = niftyCloses();
    const ours = bollingerSeries(closes, period, k);
    const ref = TiBollinger.calculate({ period, stdDev: k, values: closes });
    expect(ref).toHaveLength(closes.length - period + 1);
    ref.forEach((r, j) => {
      const p = ours[j + period - 1]!;
      expectClose(p.middle, r.middle);
      // Bands differ from the middle by k·σ (a few points on a ~5,900 level): compare the widths
      // tightly too, not only the levels.
      expectClose(p.upper - p.middle, r.upper - r.middle, 1e-7);
      expectClose(p.upper, r.upper);
      expectClose(p.lower, r.lower);
    });
  });

  it('keeps σ accurate on a high level with tiny moves over millions of updates', () => {
    const bb = new BollingerBands(4, 2);
    for (let i = 0; i < 1_000_000; i++) bb.update(1e6 + (i % 4) * 0.01);
    // Every window holds 0, 0.01, 0.02, 0.03 above 1e6: mean 0.015, σ = √(0.000125) = 0.01118…
    // Σx² − (Σx)²/n would lose every digit here (x² ≈ 1e12, ulp ≈ 1e-4 > σ²).
    const sigma = Math.sqrt(0.000125);
    expect(Math.abs(bb.stdDev! / sigma - 1)).toBeLessThan(1e-6);
  });

  it('a constant series has zero width, and period 1 has zero width', () => {
    bollingerSeries(new Array(50).fill(5900.35), 20, 2)
      .slice(19)
      .forEach((p) => expect(p).toEqual({ upper: 5900.35, middle: 5900.35, lower: 5900.35, stdDev: 0 }));
    expect(bollingerSeries([3, 8], 1, 2)).toEqual([
      { upper: 3, middle: 3, lower: 3, stdDev: 0 },
      { upper: 8, middle: 8, lower: 8, stdDev: 0 },
    ]);
  });

  it('reset() forgets everything', () => {
    const bb = new BollingerBands(3, 2);
    [10, 20, 30, 40].forEach((v) => bb.update(v));
    bb.reset();
    expect([bb.value, bb.upper, bb.lower, bb.stdDev, bb.isReady]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      false,
    ]);
    expect([1, 2, 3].map((v) => bb.update(v))).toEqual([undefined, undefined, 2]);
  });

  it('rejects NaN input, bad periods and bad multipliers', () => {
    expectIndicatorError(() => new BollingerBands().update(NaN), 'INVALID_INPUT', /BollingerBands: input/);
    expectIndicatorError(() => new BollingerBands(0), 'INVALID_PERIOD');
    expectIndicatorError(() => new BollingerBands(20, -1), 'INVALID_PARAMETER');
  });
});
