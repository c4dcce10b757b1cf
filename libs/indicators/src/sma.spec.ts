import { SMA as TiSma } from 'technicalindicators';

import { Sma, smaSeries } from './sma';
import { expectClose, niftyCloses } from './testing/nifty-bars';
import { expectIndicatorError } from './testing/scenarios';

describe('Sma', () => {
  it('averages the last n values (hand-computed)', () => {
    expect(smaSeries([1, 2, 3, 4, 10], 3)).toEqual([undefined, undefined, 2, 3, 17 / 3]);
  });

  it('streaming equals batch on the NIFTY closes', () => {
    const closes = niftyCloses();
    const batch = smaSeries(closes, 20);
    const sma = new Sma(20);
    closes.forEach((c, i) => {
      expect(sma.update(c)).toBe(batch[i]);
      expect(sma.value).toBe(batch[i]);
      expect(sma.isReady).toBe(i >= 19);
    });
  });

  it.each([1, 5, 20, 200])('matches technicalindicators SMA(%i) on NIFTY closes', (period) => {
    const closes = niftyCloses();
    const ours = smaSeries(closes, period);
    const ref = TiSma.calculate({ period, values: closes });
    expect(ref).toHaveLength(closes.length - period + 1);
    ref.forEach((r, i) => expectClose(ours[i + period - 1], r));
  });

  it('stays exact over millions of updates (periodic resync of the running sum)', () => {
    const sma = new Sma(10);
    // Large level, tiny moves: the worst case for a drifting running sum.
    for (let i = 0; i < 2_000_000; i++) sma.update(1e9 + (i % 7) * 1e-3);
    let exact = 0;
    for (let i = 2_000_000 - 10; i < 2_000_000; i++) exact += 1e9 + (i % 7) * 1e-3;
    expectClose(sma.value, exact / 10, 1e-13);
  });

  it('period 1 is the identity and a constant series stays constant', () => {
    expect(smaSeries([5, -3, 7.25], 1)).toEqual([5, -3, 7.25]);
    expect(smaSeries(new Array(30).fill(42.5), 7).slice(6)).toEqual(new Array(24).fill(42.5));
  });

  it('reset() forgets everything', () => {
    const sma = new Sma(2);
    [100, 200, 300].forEach((v) => sma.update(v));
    sma.reset();
    expect(sma.isReady).toBe(false);
    expect(sma.value).toBeUndefined();
    expect([1, 3].map((v) => sma.update(v))).toEqual([undefined, 2]);
  });

  it('rejects NaN input and bad periods', () => {
    expectIndicatorError(
      () => new Sma(5).update(NaN),
      'INVALID_INPUT',
      /Sma: input must be a finite number, got NaN/,
    );
    expectIndicatorError(() => new Sma(0), 'INVALID_PERIOD');
  });
});
