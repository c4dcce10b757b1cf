import { MACD as TiMacd } from 'technicalindicators';

import { emaSeries } from './ema';
import { Macd, macdSeries } from './macd';
import { expectClose, niftyCloses } from './testing/nifty-bars';
import { expectIndicatorError } from './testing/scenarios';

describe('Macd', () => {
  it('is EMA(fast) − EMA(slow), its EMA(signal), and their difference (hand-computed)', () => {
    // MACD(1, 2, 2): EMA1 = x; EMA2 seeds at (x0+x1)/2 then α = 2/3.
    // x = 1, 3, 6: EMA2 = 2, then 2 + (2/3)(6 − 2) = 14/3; line = 1, 4/3.
    // signal EMA2 of the line seeds at (1 + 4/3)/2 = 7/6 on the third input.
    const out = macdSeries([1, 3, 6], 1, 2, 2);
    expect(out.slice(0, 2)).toEqual([undefined, undefined]);
    expectClose(out[2]!.macd, 4 / 3, 1e-15);
    expectClose(out[2]!.signal, 7 / 6, 1e-15);
    expectClose(out[2]!.histogram, 4 / 3 - 7 / 6, 1e-15);
  });

  it('streaming equals batch and its getters agree on the NIFTY closes', () => {
    const closes = niftyCloses();
    const batch = macdSeries(closes);
    const macd = new Macd();
    closes.forEach((c, i) => {
      const line = macd.update(c);
      const point = batch[i];
      expect(line).toBe(point?.macd);
      expect(macd.value).toBe(point?.macd);
      expect(macd.signal).toBe(point?.signal);
      expect(macd.histogram).toBe(point?.histogram);
      expect(macd.isReady).toBe(i >= 26 + 9 - 2);
    });
  });

  it('the line is exactly EMA(12) − EMA(26) of the same closes', () => {
    const closes = niftyCloses();
    const fast = emaSeries(closes, 12);
    const slow = emaSeries(closes, 26);
    macdSeries(closes).forEach((p, i) => {
      if (p) expect(p.macd).toBe(fast[i]! - slow[i]!);
    });
  });

  it.each([
    [12, 26, 9],
    [5, 35, 5],
    [3, 10, 16],
  ])('matches technicalindicators MACD(%i, %i, %i) with EMA oscillator and signal', (fast, slow, signal) => {
    const closes = niftyCloses();
    const ours = macdSeries(closes, fast, slow, signal);
    const ref = TiMacd.calculate({
      values: closes,
      fastPeriod: fast,
      slowPeriod: slow,
      signalPeriod: signal,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    // The reference starts its line at input slow − 1 and leaves the signal empty until it exists.
    expect(ref).toHaveLength(closes.length - slow + 1);
    let compared = 0;
    ref.forEach((r, j) => {
      const i = j + slow - 1;
      if (r.signal === undefined) return expect(ours[i]).toBeUndefined();
      expectClose(ours[i]!.macd, r.MACD!);
      expectClose(ours[i]!.signal, r.signal);
      expectClose(ours[i]!.histogram, r.histogram!);
      compared++;
    });
    expect(compared).toBe(closes.length - slow - signal + 2);
  });

  it('a constant series has a zero line, signal and histogram', () => {
    macdSeries(new Array(60).fill(250), 3, 6, 4)
      .slice(8)
      .forEach((p) => expect(p).toEqual({ macd: 0, signal: 0, histogram: 0 }));
  });

  it('reset() forgets everything', () => {
    const macd = new Macd(1, 2, 2);
    [5, 9, 2, 7].forEach((v) => macd.update(v));
    macd.reset();
    expect([macd.value, macd.signal, macd.histogram, macd.isReady]).toEqual([
      undefined,
      undefined,
      undefined,
      false,
    ]);
    expect([1, 3, 6].map((v) => macd.update(v))[2]).toBeCloseTo(4 / 3, 14);
  });

  it('rejects NaN input, bad periods and fast ≥ slow', () => {
    expectIndicatorError(
      () => new Macd().update(NaN),
      'INVALID_INPUT',
      /Macd: input must be a finite number/,
    );
    expectIndicatorError(() => new Macd(0, 26, 9), 'INVALID_PERIOD');
    expectIndicatorError(() => new Macd(26, 12, 9), 'INVALID_PARAMETER', /shorter than slow/);
  });
});
