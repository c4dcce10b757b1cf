import { WMA as TiWma } from 'technicalindicators';

import { Wma, wmaSeries } from './wma';
import { expectClose, niftyCloses } from './testing/nifty-bars';
import { expectIndicatorError } from './testing/scenarios';

describe('Wma', () => {
  it('weights the newest value most (hand-computed)', () => {
    // WMA(3) of 1,2,3 = (1·1 + 2·2 + 3·3)/6 = 14/6; of 2,3,4 = (2 + 6 + 12)/6 = 20/6; of 3,4,10 = (3 + 8 + 30)/6
    const out = wmaSeries([1, 2, 3, 4, 10], 3);
    expect(out.slice(0, 2)).toEqual([undefined, undefined]);
    expectClose(out[2], 14 / 6, 1e-15);
    expectClose(out[3], 20 / 6, 1e-15);
    expectClose(out[4], 41 / 6, 1e-15);
  });

  it('streaming equals batch on the NIFTY closes', () => {
    const closes = niftyCloses();
    const batch = wmaSeries(closes, 20);
    const wma = new Wma(20);
    closes.forEach((c, i) => expect(wma.update(c)).toBe(batch[i]));
  });

  it.each([1, 5, 20, 100])('matches technicalindicators WMA(%i) on NIFTY closes', (period) => {
    const closes = niftyCloses();
    const ours = wmaSeries(closes, period);
    const ref = TiWma.calculate({ period, values: closes });
    expect(ref).toHaveLength(closes.length - period + 1);
    ref.forEach((r, i) => expectClose(ours[i + period - 1], r));
  });

  it('matches the definition after many updates (resync keeps both sums exact)', () => {
    const wma = new Wma(4);
    const xs = Array.from({ length: 100_000 }, (_, i) => 20_000 + Math.sin(i) * 3);
    xs.forEach((x) => wma.update(x));
    const last = xs.slice(-4);
    expectClose(wma.value, (last[0]! + 2 * last[1]! + 3 * last[2]! + 4 * last[3]!) / 10, 1e-12);
  });

  it('period 1 is the identity and a constant series stays constant', () => {
    expect(wmaSeries([5, -3, 7.25], 1)).toEqual([5, -3, 7.25]);
    wmaSeries(new Array(30).fill(42.5), 7)
      .slice(6)
      .forEach((v) => expectClose(v, 42.5, 1e-15));
  });

  it('reset() forgets everything', () => {
    const wma = new Wma(2);
    [100, 200, 300].forEach((v) => wma.update(v));
    wma.reset();
    expect(wma.value).toBeUndefined();
    expect([1, 4].map((v) => wma.update(v))).toEqual([undefined, 3]);
  });

  it('rejects NaN input and bad periods', () => {
    expectIndicatorError(() => new Wma(5).update(NaN), 'INVALID_INPUT', /Wma: input must be a finite number/);
    expectIndicatorError(() => new Wma(-2), 'INVALID_PERIOD');
  });
});
